package dev.ffmap.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URI;

/**
 * {@code ffmap --version}: the version the build wrote into the command's module descriptor
 * ({@code dev.ffmap.cli@0.1.0}), read from the module on the module path, or from the
 * {@code module-info.class} beside {@code Main} when the jar runs on the class path.
 */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"ffmap " + version(),
            "Java ${java.version} (${java.vendor}) in ${java.home}",
            "${os.name} ${os.version} (${os.arch})"};
    }

    /** The command's version, or {@code "unknown"} when the classes carry none. */
    static String version() {
        Module module = Main.class.getModule();
        if (module.isNamed()) {
            return module.getDescriptor().rawVersion().orElse("unknown");
        }
        String main = Main.class.getResource("Main.class").toString();
        String descriptor = main.substring(0, main.length() - "dev/ffmap/cli/Main.class".length()) + "module-info.class";
        try (InputStream in = URI.create(descriptor).toURL().openStream()) {
            return ModuleDescriptor.read(in).rawVersion().orElse("unknown");
        } catch (IOException | IllegalArgumentException e) {
            return "unknown";
        }
    }
}
