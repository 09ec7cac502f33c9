package dev.ffmap.cli;

import dev.ffmap.Mman;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code ffmap} command: page-cache residency, touch, evict, lock and info for operators,
 * and the demo and comparison of the library. Exit codes: 0 ok, 1 failure or some files
 * failed (each reported on stderr with its name and errno), 2 usage.
 */
@Command(name = "ffmap", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = Version.class,
        synopsisHeading = "usage: ",
        description = "Memory-mapped files through the OS's own calls: a page-cache tool and a demo of the ffmap library.",
        commandListHeading = "%ncommands:%n",
        footerHeading = "%n", footer = {"'ffmap <command> --help' describes a command.",
            "Exit codes: 0 ok, 1 failure or some files failed, 2 usage."})
public final class Main implements Callable<Integer> {
    /*
     * The subcommands, by name. picocli reads each one's annotations when it is added, which is
     * most of the command's start-up beyond the JVM's own: a command line that names one gets
     * that one alone; help, completion and errors get them all.
     */
    private static final List<String> COMMANDS = List.of("residency", "touch", "evict", "lock", "info", "demo",
            "compare", "help", "generate-completion");

    /*
     * Made by a switch and nested classes rather than lambdas: picocli's class files are Java 5's,
     * which the AOT cache leaves out, and a lambda over one of its types makes the cache's
     * assembly fail (JDK 25.0.3: "Metadata ... should have been archived").
     */
    private static Object command(String name) {
        return switch (name) {
            case "residency" -> new ResidencyCommand();
            case "touch" -> new Touch();
            case "evict" -> new Evict();
            case "lock" -> new Lock();
            case "info" -> new Info();
            case "demo" -> new Demo();
            case "compare" -> new Compare();
            case "help" -> new CommandLine.HelpCommand();
            case "generate-completion" -> new AutoComplete.GenerateCompletion();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Spec
    private CommandSpec spec;

    private Main() {
    }

    /**
     * Runs the command named by {@code args} and exits with its code.
     *
     * @param args the command line, e.g. {@code residency --json /var/lib/db}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean terminal = err == System.err && System.console() != null && System.console().isTerminal();
        boolean one = args.length > 0 && COMMANDS.indexOf(args[0]) >= 0 && COMMANDS.indexOf(args[0]) < 7;
        if (one) {
            // The platform backend and the FFM linker start up (~70 ms) while picocli reads the command line.
            Thread.ofPlatform().daemon().name("ffmap-backend-start").start(() -> Mman.pageSize());
        }
        CommandLine line = new CommandLine(new Main());
        for (String name : one ? List.of(args[0]) : COMMANDS) {
            Object c = command(name);
            if (c instanceof Base b) {
                b.init(out, err, terminal);
            }
            line.addSubcommand(c);
        }
        Handlers handlers = new Handlers();
        // after the subcommands are added: picocli passes these on to the subcommands it has
        return line.setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler(handlers)
                .setExecutionExceptionHandler(handlers)
                .execute(args);
    }

    /** {@code ffmap} with no command: the usage, on stderr. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** What picocli calls on a usage error and on a command's exception. */
    private static final class Handlers implements IParameterExceptionHandler, IExecutionExceptionHandler {
        /** A command line that cannot be run as given: what is wrong, the synopsis, exit code 2. */
        @Override
        public int handleParseException(ParameterException e, String[] args) {
            CommandLine cl = e.getCommandLine();
            PrintWriter err = cl.getErr();
            err.println(cl.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            UnmatchedArgumentException.printSuggestions(e, err);
            err.print(cl.getHelp().synopsisHeading() + cl.getHelp().synopsis(0));
            err.println("'" + cl.getCommandSpec().qualifiedName() + " --help' says more");
            err.flush();
            return 2;
        }

        /** A command that failed as a whole: its name and the reason, errno and path included; exit code 1. */
        @Override
        public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
            PrintWriter err = cl.getErr();
            err.println(cl.getCommandSpec().qualifiedName() + ": " + Problems.describe(e));
            err.flush();
            return 1;
        }
    }
}
