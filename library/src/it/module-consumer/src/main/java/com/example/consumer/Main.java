package com.example.consumer;

import dev.ffmap.MappedFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a word in a new file through ffmap's MappedFile, as Python's mmap.find would. */
public final class Main {
    public static void main(String[] args) throws Exception {
        Path file = Files.writeString(Files.createTempFile("ffmap-consumer", ".txt"), "hay hay needle hay\n");
        try (MappedFile m = MappedFile.open(file, MappedFile.Access.READ)) {
            long at = m.find("needle".getBytes(StandardCharsets.US_ASCII));
            if (at != 8) {
                throw new AssertionError("find gave " + at);
            }
            System.out.println(Main.class.getModule() + " used " + MappedFile.class.getModule()
                    + ": found the needle at " + at);
        } finally {
            Files.delete(file);
        }
    }
}
