package dev.ffmap.examples;

import dev.ffmap.MappedFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Changes version=1 into version=2 in place: the rest of the file is never read or rewritten. */
public final class PatchInPlace {
    public static void main(String[] args) throws Exception {
        try (MappedFile m = MappedFile.open(Path.of(args[0]), MappedFile.Access.WRITE)) {
            long at = m.find("version=1".getBytes(StandardCharsets.US_ASCII), 0);
            if (at < 0) {
                System.out.println("no version=1 in " + args[0]);
                return;
            }
            m.setSlice(at, at + 9, "version=2".getBytes(StandardCharsets.US_ASCII));
            m.flush();                                   // on disk now; readers saw it at once
            System.out.println("version=2 at byte " + at);
        }
    }
}
