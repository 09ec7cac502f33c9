package dev.ffmap.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
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
            "Exit codes: 0 ok, 1 failure or some files failed, 2 usage."},
        subcommands = {ResidencyCommand.class, Touch.class, Evict.class, Lock.class, Info.class, Demo.class,
            Compare.class, CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class})
public final class Main implements Callable<Integer> {
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
        CommandLine line = new CommandLine(new Main())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((e, cl, parsed) -> failed(e, cl));
        for (CommandLine sub : line.getSubcommands().values()) {
            if (sub.getCommand() instanceof Base b) {
                b.init(out, err, terminal);
            }
        }
        return line.execute(args);
    }

    /** {@code ffmap} with no command: the usage, on stderr. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** A command line that cannot be run as given: what is wrong, the synopsis, exit code 2. */
    private static int usageError(ParameterException e, String[] args) {
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
    private static int failed(Exception e, CommandLine cl) {
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + Problems.describe(e));
        err.flush();
        return 1;
    }
}
