/**
 * ffmap: memory-mapped files and memory through the operating system's own mmap family, reached
 * with the Foreign Function &amp; Memory API through jextract-generated bindings.
 *
 * <p>Run with {@code --enable-native-access=dev.ffmap} (or {@code ALL-UNNAMED} on the class path).
 */
module dev.ffmap {
    exports dev.ffmap;
}
