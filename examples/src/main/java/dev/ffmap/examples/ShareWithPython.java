package dev.ffmap.examples;

import dev.ffmap.MappedFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shares a file with CPython (share_with_java.py): writes, then waits for the answer at offset 64. */
public final class ShareWithPython {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args.length > 0 ? args[0] : "shared.bin");
        Files.write(path, new byte[4096]);               // 4 KiB of zeros that both sides map
        try (MappedFile m = MappedFile.open(path, MappedFile.Access.WRITE)) {
            m.setSlice(0, 11, "from java!\n".getBytes(StandardCharsets.US_ASCII));
            System.out.println("waiting for python3 share_with_java.py " + path);
            while (m.find(new byte[] {0}, 64, 75) >= 0) { // until all 11 bytes of the answer are there
                Thread.sleep(10);
            }
            byte[] answer = m.slice(64, 75);             // b"from python"
            System.out.println(new String(answer, StandardCharsets.US_ASCII));
        }
    }
}
