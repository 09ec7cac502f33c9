package dev.ffmap.examples;

import dev.ffmap.MapFlag;
import dev.ffmap.NativeFlag;
import dev.ffmap.Prot;

import java.util.Set;

/** Flags keep their C names and take the running platform's values; a missing one is never dropped. */
public final class FlagValues {
    public static void main(String[] args) {
        System.out.println(MapFlag.MAP_JIT.isSupported());                        // false on Linux
        try {
            System.out.println(MapFlag.MAP_JIT.value());
        } catch (UnsupportedOperationException e) {
            System.out.println(e.getMessage());             // MAP_JIT is not available on Linux (amd64)
        }
        System.out.println(NativeFlag.mask(Set.of(Prot.PROT_READ, Prot.PROT_WRITE)));   // 3 on Linux
    }
}
