package org.songprint.metadata;

import org.junit.jupiter.api.Test;
import org.songprint.testsupport.ArchitectureRules;

class ArchitectureTest {

    @Test
    void layersAndServiceBoundariesHold() {
        ArchitectureRules.check("metadata");
    }
}
