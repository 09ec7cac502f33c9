/**
 * The {@code ffmap} command: page-cache residency, touch, evict, lock and info for files, and the
 * demo and comparison of ffmap's mappings against {@code FileChannel.map}. Run it with
 * {@code java -jar ffmap-cli.jar} or, on the module path, as {@code -m dev.ffmap.cli}, with
 * {@code --enable-native-access=dev.ffmap}.
 */
module dev.ffmap.cli {
    requires dev.ffmap;
    /* `ffmap residency --png` draws with Java 2D and ImageIO. */
    requires java.desktop;
}
