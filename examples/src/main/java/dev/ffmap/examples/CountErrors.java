package dev.ffmap.examples;

import dev.ffmap.MappedFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** Counts the lines that start with ERROR and finds the first FATAL, never reading the file into the heap. */
public final class CountErrors {
    public static void main(String[] args) throws Exception {
        try (MappedFile m = MappedFile.open(Path.of(args[0]), MappedFile.Access.READ)) {
            byte[] needle = "ERROR".getBytes(StandardCharsets.US_ASCII);
            long errors = 0;
            for (byte[] line = m.readLine(); line.length > 0; line = m.readLine()) {
                if (Arrays.equals(line, 0, Math.min(5, line.length), needle, 0, 5)) {
                    errors++;
                }
            }
            long firstFatal = m.find("FATAL".getBytes(StandardCharsets.US_ASCII), 0);
            System.out.println(errors + " lines start with ERROR; the first FATAL is at byte " + firstFatal);
        }
    }
}
