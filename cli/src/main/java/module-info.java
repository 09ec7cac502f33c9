/**
 * The {@code ffmap} command: page-cache residency, touch, evict, lock and info for files, and the
 * demo and comparison of ffmap's mappings against {@code FileChannel.map}. Run it with
 * {@code java -jar ffmap-cli.jar} or, on the module path, as {@code -m dev.ffmap.cli}, with
 * {@code --enable-native-access=dev.ffmap}.
 */
module dev.ffmap.cli {
    requires dev.ffmap;
    /* Options, usage, help, the version and shell completion. */
    requires info.picocli;
    /* --json output. */
    requires tools.jackson.jr.ob;
    /* `ffmap residency --png` draws with Java 2D and ImageIO. */
    requires java.desktop;

    /* picocli reads the commands' annotations and sets their option fields reflectively. */
    opens dev.ffmap.cli to info.picocli;
}
