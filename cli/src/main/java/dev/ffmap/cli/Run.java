package dev.ffmap.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One run of a subcommand: its arguments, where output goes, and the files that failed. A file
 * that fails is reported on stderr with its name and reason, and the run goes on with the next;
 * the exit code is then 1 (partial) instead of 0.
 */
final class Run implements FileArgs.Report {
    final Args args;
    final PrintStream out;
    final PrintStream err;
    final boolean quiet;
    private int problems;

    Run(Args args, PrintStream out, PrintStream err) {
        this.args = args;
        this.out = out;
        this.err = err;
        this.quiet = args.has("--quiet");
    }

    @Override
    public void problem(Path path, String what) {
        problems++;
        err.println("ffmap " + args.command() + ": " + path + ": " + what);
    }

    /** Reports {@code e} for {@code path} and counts it. */
    void problem(Path path, Exception e) {
        problem(path, Problems.reason(e));
    }

    /** The files the PATH operands name, with the ones that cannot be found reported. */
    List<Path> files() throws Args.UsageException {
        return FileArgs.expand(args.paths(), this);
    }

    /** 0 if nothing failed, 1 if some file did. */
    int exitCode() {
        return problems == 0 ? 0 : 1;
    }
}
