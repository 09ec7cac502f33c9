package dev.ffmap.cli;

import picocli.CommandLine.Option;
import tools.jackson.jr.ob.JSON;

import java.io.PrintStream;

/** {@code --json}: one JSON object on stdout instead of text, written by jackson-jr. */
final class JsonOutput {
    @Option(names = "--json", description = "one JSON object instead of text")
    boolean on;

    /** Writes {@code value} (maps, lists, strings, numbers, booleans, null) as one line of JSON. */
    static void print(PrintStream out, Object value) {
        out.println(JSON.std.asString(value));
    }
}
