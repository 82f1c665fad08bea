package dev.flasksession;

import org.junit.jupiter.api.Test;

/** This artifact's packages against the one table of arrows in the core's {@link LayersTest}. */
class StoreLayersTest {
    @Test
    void packagesUseOnlyThePackagesBelowThem() {
        LayersTest.check();
    }
}
