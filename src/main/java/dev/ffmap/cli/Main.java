package dev.ffmap.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** The {@code ffmap} command. Exit codes: 0 ok, 1 failure, 2 usage. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "demo" -> Demo.run(rest, out, err);
                case "compare" -> Compare.run(rest, out, err);
                default -> {
                    err.println("ffmap: unknown command '" + args[0] + "'");
                    usage(err);
                    yield 2;
                }
            };
        } catch (Exception e) {
            err.println("ffmap " + args[0] + ": " + e);
            return 1;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: ffmap <command> [options]");
        out.println();
        out.println("commands:");
        out.println("  demo [--size BYTES] [--dir DIR]   map a sparse file (default 5 GiB) as one segment through");
        out.println("                                     Mman, Mapping and FileChannel.map; write and read markers");
        out.println("                                     across the 2 GiB and 4 GiB lines; time map and unmap");
        out.println("  compare [FILE] [--size BYTES] [--dir DIR]");
        out.println("                                     ffmap vs FileChannel mapping on FILE, or on a file it");
        out.println("                                     creates (default 1 GiB): map+unmap, warm scan, map+first");
        out.println("                                     scan with MAP_POPULATE; under 30 s; progress on stderr");
    }
}
