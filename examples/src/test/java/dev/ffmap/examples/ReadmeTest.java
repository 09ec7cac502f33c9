package dev.ffmap.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README shows the code the build compiles and runs: each Java and Python block is one of
 * the example files (or a consumer project's source) byte for byte, every example file is
 * shown, and each XML block is a piece of a consumer project's pom.
 */
class ReadmeTest {
    private static final Path ROOT = Path.of(System.getProperty("ffmap.root"));
    private static final Path EXAMPLES = ROOT.resolve("examples/src/main");
    private static final Path CONSUMERS = ROOT.resolve("library/src/it");

    /** A fenced block of the README: its language, first line number and text without indent. */
    record Block(String lang, int line, String text) {
    }

    @Test
    void everyJavaAndPythonBlockIsAFileTheBuildRuns() throws IOException {
        List<String> files = new ArrayList<>();
        for (Path p : sources()) {
            files.add(Files.readString(p));
        }
        for (Block b : blocks()) {
            if (b.lang().equals("java") || b.lang().equals("python")) {
                assertTrue(files.contains(b.text()), "README line " + b.line()
                        + ": this " + b.lang() + " block is no file of examples/ or library/src/it:\n" + b.text());
            }
        }
    }

    @Test
    void everyExampleIsInTheReadme() throws IOException {
        Set<String> shown = blocks().stream().map(Block::text).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (!shown.contains(Files.readString(p))) {
                    missing.add(ROOT.relativize(p).toString());
                }
            }
        }
        assertEquals(Set.of(), missing, "examples the README does not show");
    }

    @Test
    void everyXmlBlockIsPartOfAConsumerPom() throws IOException {
        List<List<String>> poms = new ArrayList<>();
        try (Stream<Path> files = Files.list(CONSUMERS)) {
            for (Path dir : files.filter(Files::isDirectory).toList()) {
                poms.add(trimmedLines(Files.readString(dir.resolve("pom.xml"))
                        .replace("@project.version@", System.getProperty("ffmap.version"))));
            }
        }
        for (Block b : blocks()) {
            if (b.lang().equals("xml")) {
                List<String> lines = trimmedLines(b.text());
                assertTrue(poms.stream().anyMatch(pom -> Collections.indexOfSubList(pom, lines) >= 0),
                        "README line " + b.line() + ": this xml block is in no consumer pom:\n" + b.text());
            }
        }
    }

    private static List<Path> sources() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path dir : List.of(EXAMPLES, CONSUMERS)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".py")).forEach(all::add);
            }
        }
        return all;
    }

    /** The README's fenced blocks, each without the indent of its fence (blocks inside list items). */
    static List<Block> blocks() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String stripped = line.stripLeading();
            if (!stripped.startsWith("```") || stripped.length() == 3) {
                continue;
            }
            int indent = line.length() - stripped.length();
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            for (; !lines.get(j).strip().equals("```"); j++) {
                String l = lines.get(j);
                text.append(l, Math.min(indent, l.length()), l.length()).append('\n');
            }
            blocks.add(new Block(stripped.substring(3).strip(), i + 1, text.toString()));
            i = j;
        }
        return blocks;
    }

    private static List<String> trimmedLines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
