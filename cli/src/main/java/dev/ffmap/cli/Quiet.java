package dev.ffmap.cli;

import picocli.CommandLine.Option;

/** {@code -q, --quiet}: the total only (or, for {@code lock}, nothing but errors). */
final class Quiet {
    @Option(names = {"-q", "--quiet"}, description = "print the total only")
    boolean on;
}
