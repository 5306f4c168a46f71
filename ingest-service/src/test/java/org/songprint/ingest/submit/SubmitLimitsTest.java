package org.songprint.ingest.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.songprint.common.api.RequestLimits;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.testsupport.RawHttp;

/** What one request may cost: items per fingerprint, MBIDs per entry, stored items per request, request line. */
@QuarkusTest
class SubmitLimitsTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    DataSource dataSource;

    /** A fingerprint of {@code items} items as compact as the format allows (every delta zero). */
    static String fingerprintOf(int items) {
        int[] hashes = new int[items];
        Arrays.fill(hashes, 0x5A5A5A5A);
        return ChromaprintCodec.encode(1, hashes);
    }

    @Test
    void aFingerprintOfTheMostItemsIsStoredAndOneMoreIsRefusedBeforeDecoding() throws Exception {
        int max = RequestLimits.MAX_ITEMS_PER_FINGERPRINT;
        long before = count();
        SubmitResourceTest.submit().formParam("fingerprint", fingerprintOf(max)).formParam("duration", 8000)
                .formParam("mbid", UUID.randomUUID().toString())
                .post("/v2/submit").then().statusCode(200).body("submissions", hasSize(1));
        SubmitResourceTest.error(SubmitResourceTest.submit().formParam("fingerprint", fingerprintOf(max + 1))
                .formParam("duration", 8000).formParam("mbid", UUID.randomUUID().toString()).post("/v2/submit").then(),
                413, 19, "request too large: parameter \"fingerprint\" has more than 65536 items");
        assertThat(count()).isEqualTo(before + 1);
    }

    @Test
    void anEntryLinksAtMostTenMbids() throws Exception {
        long before = count();
        RequestSpecification ten = SubmitResourceTest.submit().formParam("fingerprint", fingerprintOf(900)).formParam("duration", 120);
        RequestSpecification eleven = SubmitResourceTest.submit().formParam("fingerprint", fingerprintOf(900)).formParam("duration", 120);
        for (int i = 0; i < 11; i++) {
            String mbid = UUID.randomUUID().toString();
            if (i < 10) {
                ten.formParam("mbid", mbid);
            }
            eleven.formParam("mbid", mbid);
        }
        ten.post("/v2/submit").then().statusCode(200).body("submissions", hasSize(10));
        SubmitResourceTest.error(eleven.post("/v2/submit").then(), 413, 19,
                "request too large: more than 10 values of parameter \"mbid\"");
        assertThat(count()).isEqualTo(before + 10);
    }

    @Test
    void aRequestStoringMoreThanTheBudgetIsRefusedWhole() throws Exception {
        // two legal entries, 10 MBIDs each, of the longest fingerprint: 1,310,720 stored items
        long before = count();
        RequestSpecification request = SubmitResourceTest.submit();
        String fingerprint = fingerprintOf(RequestLimits.MAX_ITEMS_PER_FINGERPRINT);
        for (int entry = 0; entry < 2; entry++) {
            request.formParam("fingerprint." + entry, fingerprint).formParam("duration." + entry, 8000);
            for (int i = 0; i < 10; i++) {
                request.formParam("mbid." + entry, UUID.randomUUID().toString());
            }
        }
        SubmitResourceTest.error(request.post("/v2/submit").then(), 413, 19, "request too large");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void requestLinesUpToAcoustIdsLimitAreReadAndLongerOnesGetAnApiError() throws Exception {
        String status = "/v2/submission_status?client=" + SubmitResourceTest.CLIENT + "&id=1";
        assertThat(RawHttp.statusAndBody(base, RawHttp.getLineOf(status, RequestLimits.MAX_REQUEST_LINE)))
                .startsWith("HTTP/1.1 200");
        assertThat(RawHttp.statusAndBody(base, RawHttp.getLineOf(status, RequestLimits.MAX_REQUEST_LINE + 1)))
                .startsWith("HTTP/1.1 414").endsWith("{\"error\":{\"code\":19,\"message\":"
                        + "\"request too large: the request line is longer than 8190 bytes\"},\"status\":\"error\"}");
        assertThat(RawHttp.statusAndBody(base, RawHttp.getLineOf(status, 60_000)))
                .startsWith("HTTP/1.1 414").contains("\"code\":19");
    }

    private long count() throws Exception {
        try (Connection connection = dataSource.getConnection();
                ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM submission")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
