package dev.ffmap.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One subcommand's arguments, parsed against the options it declares: flags ({@code --json}),
 * options with a value ({@code --png FILE} or {@code --png=FILE}) and operands. {@code --}
 * ends the options. Anything undeclared is a {@link UsageException} (exit code 2).
 */
final class Args {
    private final String command;
    private final Set<String> flags = new HashSet<>();
    private final Map<String, String> values = new HashMap<>();
    private final List<String> operands = new ArrayList<>();

    private Args(String command) {
        this.command = command;
    }

    /** A command line that cannot be run as given: exit code 2, with the command's usage. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Parses {@code args} for {@code command}, which knows {@code flagNames} and
     * {@code valueNames} (long forms, with a one-letter alias written as {@code "-q|--quiet"}).
     */
    static Args parse(String command, String[] args, List<String> flagNames, List<String> valueNames)
            throws UsageException {
        Map<String, String> flagAlias = aliases(flagNames);
        Map<String, String> valueAlias = aliases(valueNames);
        Args parsed = new Args(command);
        boolean options = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!options || !a.startsWith("-") || a.equals("-")) {
                parsed.operands.add(a);
            } else if (a.equals("--")) {
                options = false;
            } else {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                if (flagAlias.containsKey(name) && eq < 0) {
                    parsed.flags.add(flagAlias.get(name));
                } else if (valueAlias.containsKey(name)) {
                    if (eq < 0 && i + 1 == args.length) {
                        throw new UsageException(name + " needs a value");
                    }
                    parsed.values.put(valueAlias.get(name), eq < 0 ? args[++i] : a.substring(eq + 1));
                } else {
                    throw new UsageException("unknown option " + a);
                }
            }
        }
        return parsed;
    }

    /** Every spelling of each option, to its long form: {@code "-q|--quiet"} gives -q and --quiet. */
    private static Map<String, String> aliases(List<String> names) {
        Map<String, String> aliases = new HashMap<>();
        for (String n : names) {
            String[] forms = n.split("\\|");
            for (String f : forms) {
                aliases.put(f, forms[forms.length - 1]);
            }
        }
        return aliases;
    }

    String command() {
        return command;
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    String value(String option, String otherwise) {
        return values.getOrDefault(option, otherwise);
    }

    /** A byte count such as {@code 4096}, {@code 64K}, {@code 1.5G} or {@code 5GiB}. */
    long size(String option, long otherwise) throws UsageException {
        String v = values.get(option);
        return v == null ? otherwise : Units.parseSize(option, v);
    }

    /** A whole number within {@code [min, max]}. */
    int integer(String option, int otherwise, int min, int max) throws UsageException {
        String v = values.get(option);
        if (v == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new UsageException(String.format(Locale.ROOT, "%s must be a whole number from %d to %d, not '%s'",
                option, min, max, v));
    }

    /** One of {@code choices}. */
    String choice(String option, String otherwise, List<String> choices) throws UsageException {
        String v = values.getOrDefault(option, otherwise);
        if (!choices.contains(v)) {
            throw new UsageException(option + " must be one of " + String.join(", ", choices) + ", not '" + v + "'");
        }
        return v;
    }

    List<String> operands() {
        return operands;
    }

    /** The operands, of which there must be at least one. */
    List<String> paths() throws UsageException {
        if (operands.isEmpty()) {
            throw new UsageException("no PATH given");
        }
        return operands;
    }
}
