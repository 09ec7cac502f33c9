package dev.ffmap.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which search code runs. The build runs the search tests twice, without and with
 * {@code --add-modules jdk.incubator.vector}, and tells each run (property {@code ffmap.test.search})
 * which code it must get, so that broken detection fails here instead of silently testing one path.
 */
class ByteSearchImplementationTest {

    @Test
    void theVectorCodeRunsExactlyWhenTheJvmHasTheVectorModule() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String expected = System.getProperty("ffmap.test.search", module ? "vector" : "scalar");
        assertEquals(expected, ByteSearch.implementation());
    }
}
