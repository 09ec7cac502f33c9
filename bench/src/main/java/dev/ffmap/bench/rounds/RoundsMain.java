package dev.ffmap.bench.rounds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs the comparisons: {@code RoundsMain MODE OUT [REGEX…]} starts one JVM per comparison
 * whose id matches any of the patterns (all without), each writing
 * {@code OUT/raw/rounds/<id>.json}; {@code RoundsMain --one ID MODE OUT} is what runs in it.
 * System properties named {@code ffmap.*} are passed on to the child JVMs.
 */
public final class RoundsMain {
    private RoundsMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--one")) {
            one(args[1], args[2], Path.of(args[3]));
            return;
        }
        if (args.length < 2 || args[0].startsWith("-")) {
            System.err.println("usage: RoundsMain short|full OUT_DIR [ID_REGEX…]   or   RoundsMain --one ID short|full OUT_DIR");
            System.exit(2);
        }
        List<Pattern> only = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            only.add(Pattern.compile(args[i]));
        }
        List<String> failed = new ArrayList<>();
        for (Catalogue.Entry e : Catalogue.ENTRIES) {
            if (only.isEmpty() || only.stream().anyMatch(p -> p.matcher(e.id()).find())) {
                int status = fork(e, args[0], args[1]);
                if (status != 0) {
                    failed.add(e.id() + " (exit " + status + ")");
                }
            }
        }
        if (!failed.isEmpty()) {
            System.err.println("rounds: failed: " + String.join(", ", failed));
        }
    }

    private static int fork(Catalogue.Entry e, String mode, String out) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(e.jvmArgs());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("ffmap."))
                .sorted().forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RoundsMain.class.getName(), "--one", e.id(),
                mode, out));
        System.err.println("rounds: " + e.id());
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    /** Makes and measures one comparison in this JVM; a comparison that cannot be made is recorded as such. */
    private static void one(String id, String mode, Path out) throws Exception {
        Plan plan = Plan.of(mode);
        Path file = out.resolve("raw/rounds/" + id + ".json");
        String cpu = OneCpu.pin(System.getProperty("ffmap.bench.cpu", "auto")); // before the servers start
        Comparison c;
        try {
            c = Catalogue.entry(id).factory().make(plan).note(cpu);
        } catch (Exception e) {
            System.err.println("rounds: " + id + " could not be set up: " + e);
            new Outcome(id, id, mode, 0, java.time.Instant.now().toString(), 0, 0, List.of(), List.of(),
                    List.of("not measured: it could not be set up: " + e), List.of()).write(file);
            System.exit(1);
            return;
        }
        Outcome o = Rounds.run(c, plan);
        o.write(file);
        System.err.printf(java.util.Locale.ROOT, "rounds: %s done in %.0f s%n", id, o.seconds());
    }
}
