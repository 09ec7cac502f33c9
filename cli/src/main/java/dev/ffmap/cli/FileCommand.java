package dev.ffmap.cli;

import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** A subcommand that works on the files its PATH operands name: residency, touch, evict, lock. */
abstract class FileCommand extends Base {
    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "files, directories (every regular file below, recursively) and glob patterns")
    List<String> paths;

    /** The files the PATH operands name, with the ones that cannot be found reported. */
    final List<Path> files() {
        return FileArgs.expand(paths, this);
    }
}
