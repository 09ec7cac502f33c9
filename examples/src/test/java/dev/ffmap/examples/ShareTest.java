package dev.ffmap.examples;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Share example between two Java processes and with CPython, and its clean-up: the shared
 * memory is gone after a normal end and after Ctrl-C, and what a killed run left is replaced.
 * Each test uses a name of its own, so runs of this test in parallel builds do not meet.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(120)
class ShareTest {
    private final String name = "/ffmap-share-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final Path file = Path.of("/dev/shm" + name);

    @AfterEach
    void removeLeftovers() throws IOException {
        Files.deleteIfExists(file);
    }

    @Test
    void twoJavaProcessesTalkAndTheMemoryIsGoneAfterwards() throws Exception {
        talk();
        assertFalse(Files.exists(file), file + " left behind");
    }

    @Test
    void ctrlCRemovesTheMemoryAndTheNextRunWorks() throws Exception {
        try (Run first = Run.java(Share.class, "first", name).expectLine("waiting for second")) {
            assertTrue(Files.exists(file));
            first.signal("INT");
            first.exit(130);
        }
        assertFalse(Files.exists(file), file + " left behind after Ctrl-C");
        talk();
    }

    @Test
    void whatAKilledRunLeftIsReplaced() throws Exception {
        try (Run first = Run.java(Share.class, "first", name).expectLine("waiting for second")) {
            first.signal("KILL");
            first.exit(137);
        }
        assertTrue(Files.exists(file), "SIGKILL runs no hook: the memory stays");
        try (Run first = Run.java(Share.class, "first", name)) {
            first.expectLine(name + " was left by a killed run: replacing it").expectLine("waiting for second");
            Run.java(Share.class, "second", name).expectLine("hello from Java").finish();
            first.expectLine("hello back from Java").finish();
        }
        assertFalse(Files.exists(file), file + " left behind");
    }

    @Test
    void cpythonCanBeTheSecondProcess() throws Exception {
        try (Run first = Run.java(Share.class, "first", name).expectLine("waiting for second")) {
            Run.python("share_second.py", name).expectLine("hello from Java").finish();
            first.expectLine("hello back from Python").finish();
        }
        assertFalse(Files.exists(file), file + " left behind");
    }

    private void talk() throws Exception {
        try (Run first = Run.java(Share.class, "first", name).expectLine("waiting for second")) {
            Run.java(Share.class, "second", name).expectLine("hello from Java").finish();
            first.expectLine("hello back from Java").finish();
        }
    }
}
