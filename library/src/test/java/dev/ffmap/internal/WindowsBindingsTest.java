package dev.ffmap.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The generated Windows bindings use no C {@code long}, which is 32-bit on Windows but 64-bit on
 * Linux, where they are generated. Reads the sources only: a function's descriptor cannot even be
 * loaded off Windows, since its holder class looks the kernel32 symbol up.
 */
class WindowsBindingsTest {
    @Test
    void generatedWindowsSourcesNeverUseCLong() throws IOException {
        Pattern cLong = Pattern.compile("\\bC_LONG\\b");
        try (Stream<Path> files = Files.walk(Path.of("../bindings/windows"))) {
            List<Path> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().endsWith("$shared.java"))
                    .filter(p -> {
                        try {
                            return cLong.matcher(Files.readString(p)).find();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
            assertEquals(List.of(), offenders);
        }
    }
}
