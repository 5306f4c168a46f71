package org.songprint.metadata;

import io.quarkus.test.junit.QuarkusTest;
import org.songprint.testsupport.ReadinessContract;

@QuarkusTest
class ReadinessTest extends ReadinessContract {
}
