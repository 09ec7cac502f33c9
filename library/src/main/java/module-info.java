/**
 * ffmap: memory-mapped files and memory through the operating system's own mmap family, reached
 * with the Foreign Function &amp; Memory API through jextract-generated bindings.
 *
 * <p>Run with {@code --enable-native-access=dev.ffmap} (or {@code ALL-UNNAMED} on the class path).
 * Searches ({@code find}, {@code readLine}) use SIMD vectors when the JVM is also started with
 * {@code --add-modules jdk.incubator.vector}; without it they stay word-at-a-time. The module does
 * not require the incubating module (the vector code is compiled apart and loaded only when the
 * JVM has it), so building against ffmap prints no incubator warning.
 */
module dev.ffmap {
    exports dev.ffmap;
}
