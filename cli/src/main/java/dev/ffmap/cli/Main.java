package dev.ffmap.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code ffmap} command: page-cache residency, touch, evict, lock and info for operators,
 * and the demo and comparison of the library. Exit codes: 0 ok, 1 failure or some files
 * failed (each reported on stderr with its name and errno), 2 usage.
 */
public final class Main {
    private static final List<Command> COMMANDS = List.of(ResidencyCommand.COMMAND, Touch.COMMAND, Evict.COMMAND,
            Lock.COMMAND, Info.COMMAND, Demo.COMMAND, Compare.COMMAND);

    private Main() {
    }

    /**
     * A subcommand: its name, synopsis, one-line summary and help text, the flags and valued options it takes
     * ({@code -h|--help} and {@code -q|--quiet} come with every one), and what it runs.
     */
    record Command(String name, String synopsis, String summary, String help, List<String> flags, List<String> options,
                   Body body) {
        interface Body {
            int run(Run run) throws Exception;
        }

        void usage(PrintStream to) {
            to.println("usage: ffmap " + name + " " + synopsis);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            usage(err);
            return 2;
        }
        if (List.of("-h", "--help", "help").contains(args[0])) {
            return args.length > 1 ? run(new String[] {args[1], "--help"}, out, err) : usageTo(out);
        }
        Command command = COMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
        if (command == null) {
            err.println("ffmap: unknown command '" + args[0] + "'");
            usage(err);
            return 2;
        }
        return run(command, Arrays.copyOfRange(args, 1, args.length), out, err);
    }

    private static int run(Command command, String[] args, PrintStream out, PrintStream err) {
        List<String> flags = new ArrayList<>(command.flags());
        flags.addAll(List.of("-h|--help", "-q|--quiet"));
        Args parsed;
        try {
            parsed = Args.parse(command.name(), args, flags, command.options());
            if (parsed.has("--help")) {
                command.usage(out);
                out.println();
                out.println(command.help());
                return 0;
            }
            return command.body().run(new Run(parsed, out, err));
        } catch (Args.UsageException e) {
            err.println("ffmap " + command.name() + ": " + e.getMessage());
            command.usage(err);
            err.println("'ffmap " + command.name() + " --help' says more");
            return 2;
        } catch (Exception e) {
            err.println("ffmap " + command.name() + ": " + Problems.reason(e));
            return 1;
        }
    }

    private static int usageTo(PrintStream out) {
        usage(out);
        return 0;
    }

    private static void usage(PrintStream out) {
        out.println("usage: ffmap <command> [options] [PATH...]");
        out.println();
        out.println("commands:");
        for (Command c : COMMANDS) {
            out.printf("  %-10s %s%n", c.name(), c.summary());
        }
        out.println();
        out.println("'ffmap <command> --help' describes a command. Exit codes: 0 ok, 1 failure or some files failed,");
        out.println("2 usage.");
    }
}
