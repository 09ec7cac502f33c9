package dev.ffmap.cli;

import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.MmapException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ffmap lock}: maps files read-only and mlock(2)s them, so they stay in RAM, until the
 * process is interrupted (Ctrl-C, SIGTERM); then it unmaps them, which unlocks them. Going
 * over RLIMIT_MEMLOCK releases everything and fails with the limit and how to raise it.
 */
@Command(name = "lock",
        description = {"Lock files in RAM (mlock) until interrupted.",
            "",
            "Maps files and locks them in RAM with mlock(2), then stays in the foreground until "
                + "interrupted (Ctrl-C or SIGTERM), when it releases them. Locking counts against the "
                + "process's RLIMIT_MEMLOCK unless it has CAP_IPC_LOCK; going over it releases every file and "
                + "exits 1 with the limit and how to raise it."})
final class Lock extends FileCommand {
    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
    boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        List<Mapping> locked = new ArrayList<>();
        long bytes = 0;
        for (Path file : files()) {
            try {
                bytes += lock(file, locked);
            } catch (MmapException e) {
                problem(file, e);
                if (e.syscall().equals("mlock") && (e.errnoName().equals("ENOMEM") || e.errnoName().equals("EPERM"))) {
                    release(locked);
                    return 1;
                }
            } catch (IOException | RuntimeException e) {
                problem(file, e);
            }
        }
        if (locked.isEmpty()) {
            err.println(name() + ": nothing locked");
            return 1;
        }
        return holdUntilInterrupted(locked, bytes);
    }

    /** Waits for Ctrl-C or SIGTERM; the shutdown hook unmaps, which unlocks. */
    private int holdUntilInterrupted(List<Mapping> locked, long bytes) throws InterruptedException {
        int exit = exitCode();
        CountDownLatch released = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            release(locked);
            if (!quiet) {
                out.println("released " + Units.files(locked.size()));
                out.flush();
            }
            released.countDown();
        }, "ffmap-lock-release"));
        if (!quiet) {
            out.printf(Locale.ROOT, "locked %s, %s in RAM; Ctrl-C releases them%n", Units.files(locked.size()),
                    Units.human(bytes));
            out.flush();
        }
        released.await();
        return exit;
    }

    /** Maps and locks one file; an empty file is reported, as it has no page to lock. */
    private long lock(Path file, List<Mapping> locked) throws IOException {
        if (Files.size(file) == 0) {
            problem(file, "empty (0 bytes): it has no page to lock; skipped");
            return 0;
        }
        Mapping m = Mapping.map(file, MapOptions.readOnly());
        try {
            m.lock();
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
        locked.add(m);
        return m.byteSize();
    }

    private static void release(List<Mapping> locked) {
        locked.forEach(Mapping::close);
    }
}
