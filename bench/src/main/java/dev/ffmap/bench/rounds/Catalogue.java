package dev.ffmap.bench.rounds;

import java.util.List;

/**
 * Every comparison, in report order, with the JVM options it needs. Each runs in a JVM of its
 * own (as a JMH fork does), so one comparison's JIT profile and heap never colour another's.
 */
public final class Catalogue {
    /** Makes a comparison for a plan: opens its files, starts its baselines. */
    @FunctionalInterface
    public interface Factory {
        Comparison make(Plan plan) throws Exception;
    }

    public record Entry(String id, List<String> jvmArgs, Factory factory) {
    }

    private static final List<String> NONE = List.of();

    public static final List<Entry> ENTRIES = List.of(
            new Entry("open-map-close-confined", NONE, p -> MapCases.openMapClose(p, true)),
            new Entry("open-map-close-shared", NONE, p -> MapCases.openMapClose(p, false)),
            new Entry("map-unmap-4k", NONE, MapCases::mapUnmap),
            new Entry("many-files", NONE, MapCases::manyFiles),
            new Entry("anon-fill", NONE, AnonCases::fill),
            new Entry("map-scan-warm", NONE, CacheCases::warmMapScan),
            new Entry("cold-random", NONE, CacheCases::coldRandom),
            new Entry("cold-scan", NONE, CacheCases::coldScan),
            new Entry("scan-1g", NONE, FileCases::scan1g),
            new Entry("scan-5g", NONE, FileCases::scan5g),
            new Entry("random-4k", NONE, FileCases::random4k),
            new Entry("msync-1m", NONE, FileCases::msync),
            new Entry("find", NONE, p -> TextCases.find(p, false)),
            new Entry("find-vector", List.of("--add-modules", "jdk.incubator.vector"), p -> TextCases.find(p, true)),
            new Entry("readline-1g", NONE, TextCases::readline),
            new Entry("read-1g", NONE, TextCases::read));

    private Catalogue() {
    }

    public static Entry entry(String id) {
        return ENTRIES.stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no comparison " + id));
    }

    /** The position of {@code id} in report order (unknown ids last). */
    public static int order(String id) {
        for (int i = 0; i < ENTRIES.size(); i++) {
            if (ENTRIES.get(i).id().equals(id)) {
                return i;
            }
        }
        return ENTRIES.size();
    }
}
