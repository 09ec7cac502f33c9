package dev.ffmap.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ffmap} launcher script, run through a symlink in a directory on PATH, from another
 * working directory. It runs on a copy of the repository's layout: the script, a runnable jar of
 * the command with its libraries in {@code lib/} (as the build packages it), and sources older
 * than the jar, so that it starts the jar instead of building.
 */
@EnabledOnOs(OS.LINUX)
class LauncherTest {
    @TempDir
    Path dir;

    @Test
    void launcherWorksThroughASymlinkOnPath() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Path script = Path.of("").toAbsolutePath().getParent().resolve("ffmap"); // tests run in cli/
        Files.copy(script, repo.resolve("ffmap"), StandardCopyOption.COPY_ATTRIBUTES);
        olderSources(repo);
        runnableJar(repo.resolve("cli/target"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("ffmap"), repo.resolve("ffmap"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ffmap --version").directory(elsewhere.toFile());
        pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        pb.environment().put("FFMAP_JAVA", ProcessHandle.current().info().command().orElseThrow());
        Ffmap.Result r = Ffmap.finish(pb.start());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().matches("(?s)ffmap \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n.*"), r.toString());
        assertEquals("", r.err(), "no build, no 'no POM in this directory'");
    }

    /** The paths the launcher compares with the jar, a day older than it. */
    private static void olderSources(Path repo) throws IOException {
        FileTime dayAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.DAYS));
        for (String d : List.of("library/src/main", "cli/src/main", "bindings")) {
            Files.setLastModifiedTime(Files.createDirectories(repo.resolve(d)), dayAgo);
        }
        for (String f : List.of("pom.xml", "library/pom.xml", "cli/pom.xml")) {
            Files.setLastModifiedTime(Files.writeString(repo.resolve(f), "<project/>\n"), dayAgo);
        }
    }

    /**
     * {@code target/ffmap-cli-test.jar} from the command's classes, with each library this test
     * runs with in {@code target/lib} and named in the manifest's Class-Path.
     */
    private static void runnableJar(Path target) throws IOException {
        Path lib = Files.createDirectories(target.resolve("lib"));
        Path classes = null;
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("jdk.module.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p) && Files.exists(p.resolve("dev/ffmap/cli/Main.class"))) {
                classes = p;
                continue;
            }
            Path copy = lib.resolve(classPath.size() + "-" + p.getFileName() + (Files.isDirectory(p) ? ".jar" : ""));
            if (Files.isDirectory(p)) {
                jar(p, copy, new Manifest());
            } else {
                Files.copy(p, copy);
            }
            classPath.add("lib/" + copy.getFileName());
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, "dev.ffmap.cli.Main");
        main.put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        main.put(new Attributes.Name("Enable-Native-Access"), "ALL-UNNAMED");
        jar(classes, target.resolve("ffmap-cli-test.jar"), manifest);
    }

    private static void jar(Path from, Path to, Manifest manifest) throws IOException {
        try (OutputStream file = Files.newOutputStream(to); JarOutputStream jar = new JarOutputStream(file, manifest);
             Stream<Path> all = Files.walk(from)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(from.relativize(p).toString().replace(File.separatorChar, '/')));
                Files.copy(p, jar);
                jar.closeEntry();
            }
        }
    }
}
