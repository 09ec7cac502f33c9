package dev.ffmap;

import dev.ffmap.internal.Faults;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The child JVM of {@link SharedLongFaultTest}: {@code main(dir, warmups)} maps a 64 KiB file for
 * each of {@link SharedLong}'s methods, runs the method {@code warmups} times over 8 longs on 8
 * pages (so that the JIT compiles it, where the mode has one), truncates the file and calls the
 * method once on each of the 8 lost longs, polling for the fault right after. It prints
 * {@code <method>: faults=F returned=R} per method, then {@code done}.
 */
public final class SharedLongFaultProbe {
    private SharedLongFaultProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int warmups = Integer.parseInt(args[1]);
        Map<String, ToLongFunction<SharedLong>> methods = new java.util.LinkedHashMap<>();
        methods.put("get", SharedLong::get);
        methods.put("set", v -> {
            v.set(3);
            return 0;
        });
        methods.put("getAcquire", SharedLong::getAcquire);
        methods.put("setRelease", v -> {
            v.setRelease(3);
            return 0;
        });
        methods.put("getAndAdd", v -> v.getAndAdd(1));
        methods.put("getAndSet", v -> v.getAndSet(7));
        methods.put("compareAndSet", v -> v.compareAndSet(7, 9) ? 1 : 0);
        long sum = 0;
        for (Map.Entry<String, ToLongFunction<SharedLong>> method : methods.entrySet()) {
            Path file = Files.createTempFile(dir, method.getKey(), ".bin");
            Files.write(file, new byte[64 * 1024]);
            try (Mapping m = Mapping.map(file, MapOptions.readWrite())) {
                SharedLong[] longs = new SharedLong[8];
                for (int i = 0; i < longs.length; i++) {
                    longs[i] = SharedLong.at(m.segment(), 8192L * i);
                }
                ToLongFunction<SharedLong> body = method.getValue();
                for (int i = 0; i < warmups; i++) {
                    sum += body.applyAsLong(longs[i & 7]);
                }
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(0);
                }
                int faults = 0;
                int returned = 0;
                for (SharedLong lost : longs) {
                    try {
                        sum += body.applyAsLong(lost);
                        Faults.settle();
                        returned++;
                    } catch (InternalError e) {
                        if (!Faults.isAccessFault(e)) {
                            throw e;
                        }
                        Faults.drain();
                        faults++;
                    }
                }
                System.out.println(method.getKey() + ": faults=" + faults + " returned=" + returned);
            } finally {
                Files.deleteIfExists(file);
            }
        }
        System.out.println("done (" + sum + ")");
    }
}
