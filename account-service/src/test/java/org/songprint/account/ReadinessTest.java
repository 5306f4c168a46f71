package org.songprint.account;

import io.quarkus.test.junit.QuarkusTest;
import org.songprint.testsupport.ReadinessContract;

@QuarkusTest
class ReadinessTest extends ReadinessContract {
}
