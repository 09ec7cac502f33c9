package dev.ffmap;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The offset alignment Mapping applies: to the page on POSIX, to the 64 KiB allocation granularity on Windows. */
class AlignmentTest {
    private static final long PAGE = 4096;
    private static final long WINDOWS_GRANULARITY = 64 * 1024;

    @Test
    void offsetsAlignDownToThePage() {
        assertEquals(0x1_2345_6000L, FileMapper.alignDown(0x1_2345_6789L, PAGE));
        assertEquals(8192, FileMapper.alignDown(8192, PAGE));
        assertEquals(0, FileMapper.alignDown(4095, PAGE));
    }

    @Test
    void offsetsAlignDownToTheWindowsAllocationGranularity() {
        assertEquals(0x1_2345_0000L, FileMapper.alignDown(0x1_2345_6789L, WINDOWS_GRANULARITY));
        assertEquals(0x1_0000L, FileMapper.alignDown(0x1_FFFFL, WINDOWS_GRANULARITY));
        assertEquals(0, FileMapper.alignDown(0xFFFF, WINDOWS_GRANULARITY));
    }
}
