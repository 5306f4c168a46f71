package org.songprint.fingerprint;

import io.quarkus.test.junit.QuarkusTest;
import org.songprint.testsupport.SchemaContract;

@QuarkusTest
class SchemaTest extends SchemaContract {

    @Override
    protected String database() {
        return "acoustid_fingerprint";
    }
}
