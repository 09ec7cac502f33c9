package dev.ffmap.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which backend {@code os.name} and {@code os.arch} pick; unknown platforms pick none. */
class OsSelectionTest {
    @Test
    void eachSupportedPlatformPicksItsBackend() {
        assertEquals("linux", Os.Selected.backend("Linux", "amd64"));
        assertEquals("linux", Os.Selected.backend("Linux", "aarch64"));
        assertEquals("linux", Os.Selected.backend("Linux", "riscv64"));
        assertEquals("linux", Os.Selected.backend("Linux", "ppc64le"));
        assertEquals("linux", Os.Selected.backend("Linux", "s390x"));
        assertEquals("macos", Os.Selected.backend("Mac OS X", "aarch64"));
        assertEquals("macos", Os.Selected.backend("Mac OS X", "x86_64"));
        assertEquals("windows", Os.Selected.backend("Windows 11", "amd64"));
        assertEquals("windows", Os.Selected.backend("Windows Server 2022", "aarch64"));
    }

    @Test
    void unknownSystemsAndArchitecturesPickNone() {
        assertEquals("", Os.Selected.backend("FreeBSD", "amd64"));
        assertEquals("", Os.Selected.backend("Linux", "x86"));
        assertEquals("", Os.Selected.backend("Linux", "arm"));
        assertEquals("", Os.Selected.backend("Linux", "ppc64"));
        assertEquals("", Os.Selected.backend("Linux", "loongarch64"));
        assertEquals("", Os.Selected.backend("Mac OS X", "riscv64"));
        assertEquals("", Os.Selected.backend("Windows 10", "x86"));
        assertEquals("", Os.Selected.backend("SunOS", "sparcv9"));
    }
}
