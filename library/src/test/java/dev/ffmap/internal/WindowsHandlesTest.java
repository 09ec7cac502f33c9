package dev.ffmap.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Windows backend's descriptor table, with made-up handle values: it only keeps numbers, so
 * it runs everywhere without calling kernel32.
 */
class WindowsHandlesTest {
    @Test
    void descriptorsStartAboveTheStandardStreamsAndAreNeverReused() {
        WindowsHandles table = new WindowsHandles();
        int first = table.add(WindowsHandles.Handle.file(0x100));
        assertEquals(3, first);
        table.remove(first);
        int second = table.add(WindowsHandles.Handle.file(0x100));
        assertNotEquals(first, second);
    }

    @Test
    void aSectionKeepsItsSizeAndAFileHasNone() {
        WindowsHandles table = new WindowsHandles();
        int file = table.add(WindowsHandles.Handle.file(0x100));
        int section = table.add(WindowsHandles.Handle.section(0x200, 4096));
        assertFalse(table.get(file).section());
        assertTrue(table.get(section).section());
        assertEquals(4096, table.get(section).size());
        assertEquals(0x200, table.get(section).value());
    }

    @Test
    void aDuplicateIsTheSameKindOfEntry() {
        WindowsHandles.Handle section = WindowsHandles.Handle.section(0x200, 65536);
        assertEquals(WindowsHandles.Handle.section(0x300, 65536), section.withValue(0x300));
        assertEquals(WindowsHandles.Handle.file(0x300), WindowsHandles.Handle.file(0x100).withValue(0x300));
    }

    @Test
    void aSectionMustHaveAPositiveSize() {
        assertThrows(IllegalArgumentException.class, () -> WindowsHandles.Handle.section(0x200, 0));
    }

    @Test
    void unknownAndClosedDescriptorsAreRefused() {
        WindowsHandles table = new WindowsHandles();
        int fd = table.add(WindowsHandles.Handle.file(0x100));
        assertEquals(0x100, table.remove(fd).value());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.get(fd));
        assertEquals("Not an open descriptor: 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> table.remove(fd));
        assertThrows(IllegalArgumentException.class, () -> table.get(-1));
    }
}
