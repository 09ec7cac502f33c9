package dev.ffmap;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child JVM of {@link LoadTest}: for each kind in turn, runs {@code cycles} map/close cycles
 * after a warm-up and prints {@code <kind> maps=<before>/<after> fds=<before>/<after> rss=<before>/<after>}
 * (RSS in KiB), measured in a process that does nothing else.
 *
 * <p>Arguments: kinds, comma-separated (mapping, mappedfile, sharedmemory, failures), cycles, a
 * scratch directory.
 */
final class LoadChild {
    private LoadChild() {
    }

    public static void main(String[] args) throws Exception {
        int cycles = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        for (String kind : args[0].split(",")) {
            run(kind, cycles, dir);
        }
    }

    private static void run(String kind, int cycles, Path dir) throws IOException {
        Path file = Files.write(dir.resolve(kind), new byte[3 * 4096 + 100]);
        Path empty = Files.createFile(dir.resolve(kind + ".empty"));
        String shmName = "/ffmap-load-" + ProcessHandle.current().pid();
        Cycle cycle = switch (kind) {
            case "mapping" -> i -> mapping(file, i);
            case "mappedfile" -> i -> mappedFile(file, i);
            case "sharedmemory" -> i -> sharedMemory(shmName, i);
            case "failures" -> i -> failure(file, empty, dir, i);
            default -> throw new IllegalArgumentException(kind);
        };
        for (int i = 0; i < Math.min(cycles, 2000); i++) { // warm-up: JIT, class loading, arenas
            cycle.run(i);
        }
        System.gc();
        long maps = Reliability.mapsLines();
        long fds = Reliability.openFds();
        long rss = Reliability.rssKib();
        for (int i = 0; i < cycles; i++) {
            cycle.run(i);
        }
        System.gc();
        System.out.printf("%s maps=%d/%d fds=%d/%d rss=%d/%d%n", kind, maps, Reliability.mapsLines(), fds,
                Reliability.openFds(), rss, Reliability.rssKib());
        System.out.flush();
    }

    private interface Cycle {
        void run(int i) throws IOException;
    }

    private static void mapping(Path file, int i) throws IOException {
        MapOptions o = (i % 3 == 0 ? MapOptions.copyOnWrite() : MapOptions.readWrite())
                .withOffset(i % 5000).withLength(1 + i % 7000).withConfined(i % 2 == 0);
        try (Mapping m = Mapping.map(file, o)) {
            m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) i);
        }
    }

    private static void mappedFile(Path file, int i) throws IOException {
        MappedFile.Access access = MappedFile.Access.values()[1 + i % 3];
        try (MappedFile f = MappedFile.open(file, access, 0, (i % 3) * 4096L)) {
            if (access != MappedFile.Access.READ) {
                f.set(i % f.length(), i & 0xFF);
            }
            f.get(0);
        }
    }

    private static void sharedMemory(String name, int i) throws IOException {
        if (i % 2 == 0) {
            try (SharedMemory shm = SharedMemory.create(name, 4096 + i % 4096).unlinkOnClose();
                 Mapping m = shm.map()) {
                m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) i);
            }
        } else {
            try (SharedMemory shm = SharedMemory.anonymous("load", 4096);
                 Mapping m = shm.map()) {
                m.segment().set(ValueLayout.JAVA_BYTE, 1, (byte) i);
            }
        }
    }

    /** One failed call from each error path in turn: before open, after open, in mmap, in shm_open. */
    private static void failure(Path file, Path empty, Path dir, int i) throws IOException {
        try {
            switch (i % 6) {
                case 0 -> Mapping.map(empty, MapOptions.readOnly()).close();
                case 1 -> Mapping.map(file, MapOptions.readOnly().withLength(1 << 20)).close();
                case 2 -> Mapping.map(dir, MapOptions.readOnly()).close();
                case 3 -> Mapping.map(file, MapOptions.readOnly().plus(MapFlag.MAP_HUGETLB)).close();
                case 4 -> MappedFile.open(dir.resolve("missing"), MappedFile.Access.READ).close();
                default -> MappedFile.open(file, MappedFile.Access.READ, 0, 1L << 40).close();
            }
        } catch (IllegalArgumentException | IOException e) {
            return; // each case fails by design: IllegalArgumentException, NoSuchFileException, FileSystemException, MmapException
        }
        throw new AssertionError("case " + i % 6 + " did not fail");
    }
}
