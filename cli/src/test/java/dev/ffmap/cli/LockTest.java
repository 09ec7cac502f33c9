package dev.ffmap.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code ffmap lock}: pages locked while it runs, released on interrupt, a clear error over the limit. */
@EnabledOnOs(OS.LINUX)
class LockTest {
    @TempDir
    Path dir;

    /** Locked memory of process {@code pid} in KiB, from /proc/PID/status VmLck. */
    private static long lockedKib(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmLck:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }

    /** Whether this process (and so its children) ignores SIGINT: bit 2 of SigIgn in /proc/self/status. */
    private static boolean sigintIgnored() throws Exception {
        String mask = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("SigIgn:"))
                .map(l -> l.substring(7).trim()).findFirst().orElseThrow();
        return (Long.parseUnsignedLong(mask, 16) & (1L << (2 - 1))) != 0;
    }

    @Test
    void lockHoldsTheFilesInRamUntilInterrupted() throws Exception {
        Path a = CacheFiles.write(dir.resolve("a.bin"), 4 << 20);
        Path b = CacheFiles.write(dir.resolve("b.bin"), 2 << 20);
        assertEquals(0, Ffmap.run("evict", "-q", dir.toString()).exit());
        Process p = Ffmap.start(List.of(), "lock", dir.toString());
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked 2 files, 6.0 MiB in RAM; Ctrl-C releases them", out.readLine());
        assertTrue(lockedKib(p.pid()) >= 6 * 1024, "VmLck " + lockedKib(p.pid()));
        assertEquals(CacheFiles.pages(a), CacheFiles.resident(a));
        assertEquals(CacheFiles.pages(b), CacheFiles.resident(b));
        // A process started in the background of a script inherits SIGINT ignored, and a JVM leaves
        // an ignored SIGINT ignored: then the test sends SIGTERM, which the command handles alike.
        boolean interruptible = !sigintIgnored();
        assertEquals(0, new ProcessBuilder("kill", interruptible ? "-INT" : "-TERM", String.valueOf(p.pid())).start().waitFor());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("released 2 files", out.readLine());
        assertEquals(interruptible ? 130 : 143, p.exitValue(), "128 + the signal, as a shell reports Ctrl-C or kill");
        assertEquals("", new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /**
     * 4 MiB against a 1 MiB RLIMIT_MEMLOCK. As root the process also loses CAP_IPC_LOCK (setpriv),
     * which would let it lock past any limit.
     */
    @Test
    void lockOverTheLimitFailsWithTheLimitAndHowToRaiseIt() throws Exception {
        Path f = CacheFiles.write(dir.resolve("big.bin"), 4 << 20);
        List<String> prefix = new ArrayList<>();
        if ((int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) drops CAP_IPC_LOCK");
            prefix.addAll(List.of("setpriv", "--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock", "--"));
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "prlimit (util-linux) sets the limit");
        prefix.addAll(List.of("prlimit", "--memlock=1048576:1048576", "--"));
        Ffmap.Result r = Ffmap.runUnder(prefix, "lock", f.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("ffmap lock: " + f + ": mlock(addr=0x"), r.toString());
        assertTrue(r.err().contains("failed: ENOMEM (Cannot allocate memory)")
                || r.err().contains("failed: EPERM (Operation not permitted)"), r.toString());
        assertTrue(r.err().contains("locking 4194304 bytes; this process's RLIMIT_MEMLOCK is 1048576 bytes (ulimit -l: 1024)"),
                r.toString());
        assertTrue(r.err().contains("ulimit -l in the shell, LimitMEMLOCK= for a systemd service"), r.toString());
    }
}
