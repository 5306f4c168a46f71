package org.songprint.account.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.songprint.account.TestSql;

/**
 * What the catalogue pages answer on their own: malformed ids are pages that do not exist (404, in
 * the visitor's own header), and a catalogue that cannot be reached is a 503 page, never a stack
 * trace. The test profile points the catalogue at a closed port; the pages with a real
 * fingerprint-service behind them are checked on the running stack (scripts/smoke-test.sh).
 */
@QuarkusTest
class CataloguePagesTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void malformedIdsAreNotFoundPagesAndAnUnreachableCatalogueIsUnavailable() throws Exception {
        BrowserSession browser = new BrowserSession();
        for (String path : new String[] {"/track/not-a-track", "/track/1-2-3-4-5", "/fingerprint/abc", "/fingerprint/0",
                "/fingerprint/99999999999", "/mbid/" + UUID.randomUUID() + "0"}) {
            BrowserSession.Page page = browser.get(base.resolve(path));
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.body()).as(path).contains("not found").contains("id=\"login-link\"");
        }
        BrowserSession.Page unavailable = browser.get(base.resolve("/track/" + UUID.randomUUID()));
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.body()).contains("Catalogue unavailable").doesNotContain("Exception");
        assertThat(browser.get(base.resolve("/fingerprint/12/image.png")).status()).isEqualTo(503);
    }

    @Test
    void aLoggedInVisitorKeepsTheirHeaderOnACataloguePage() throws Exception {
        BrowserSession browser = new BrowserSession();
        browser.login(base, "songprint", "alice", "alice-songprint");
        BrowserSession.Page page = browser.get(base.resolve("/mbid/not-an-mbid"));
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("Recording not found").contains("Log out").doesNotContain("id=\"login-link\"");
    }

    @Test
    void aLinkChangeNeedsASessionAndItsCsrfToken() throws Exception {
        String path = "/track/" + UUID.randomUUID() + "/recordings/" + UUID.randomUUID();
        BrowserSession anonymous = new BrowserSession();
        assertThat(anonymous.post(base.resolve(path), Map.of("disabled", "1", "csrf", "x")).url().getPath()).isEqualTo("/login");
        BrowserSession browser = new BrowserSession();
        BrowserSession.Page profile = browser.login(base, "songprint", "alice", "alice-songprint");
        String csrf = profile.find("name=\"csrf\" value=\"([^\"]+)\"");
        assertThat(browser.post(base.resolve(path), Map.of("disabled", "1", "csrf", "not-the-token")).status()).isEqualTo(403);
        // with its token the change goes to the catalogue, which is unreachable here: a 503 page
        BrowserSession.Page unavailable = browser.post(base.resolve(path), Map.of("disabled", "1", "csrf", csrf));
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.body()).contains("Catalogue unavailable").contains("Log out");
    }

    @Inject
    TestSql sql;

    @Test
    void theStatisticsPageDrawsLookupsAndSubmissionsPerDayEvenWithoutTheCatalogue() throws Exception {
        long before = Long.parseLong(sql.string("SELECT COALESCE(sum(value), 0)::text FROM stats WHERE name = 'submission.all'"));
        sql.update("INSERT INTO stats (name, date, value) VALUES ('submission.all', current_date, 3) "
                + "ON CONFLICT (name, date) DO UPDATE SET value = stats.value + 3");
        sql.update("INSERT INTO stats (name, date, value) VALUES ('lookup.hit', current_date - 1, 7) "
                + "ON CONFLICT (name, date) DO UPDATE SET value = stats.value + 7");
        BrowserSession.Page page = new BrowserSession().get(base.resolve("/stats"));
        assertThat(page.status()).isEqualTo(200);
        // fingerprint-service is not there in this test: the page says so and still shows this service's figures
        assertThat(page.body()).contains("id=\"totals-unavailable\"").contains("id=\"chart-lookups\"")
                .contains("id=\"chart-submissions\"");
        // at least these 3 (the submission consumer of other tests may add more meanwhile)
        assertThat(Long.parseLong(page.find("Submissions counted: (\\d+)\\."))).isGreaterThanOrEqualTo(before + 3);
        String submissions = page.find("id=\"chart-submissions-desc\">(\\d+) submissions in 30 periods<");
        assertThat(Long.parseLong(submissions)).isGreaterThanOrEqualTo(3);
        String hits = page.find("id=\"chart-lookups-desc\">(\\d+) hits and \\d+ misses in 30 periods<");
        assertThat(Long.parseLong(hits)).isGreaterThanOrEqualTo(7);
    }

    @Test
    void aLoginReturnsToThePageThatAskedForIt() throws Exception {
        BrowserSession browser = new BrowserSession();
        BrowserSession.Page asked = browser.get(base.resolve("/applications/new"));
        assertThat(asked.url().getPath()).isEqualTo("/login");
        assertThat(asked.url().getRawQuery()).isEqualTo("return=%2Fapplications%2Fnew");
        assertThat(browser.login(base, "songprint", "bob", "bob-songprint").url().getPath()).isEqualTo("/applications/new");
        // only this site's pages: another host, or the login pages themselves, end on the profile
        for (String elsewhere : new String[] {"//evil.example/x", "https://evil.example/", "/login/songprint", "/%0d%0aSet-Cookie:x"}) {
            BrowserSession other = new BrowserSession();
            other.get(base.resolve("/login?return=" + java.net.URLEncoder.encode(elsewhere, java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(other.login(base, "songprint", "bob", "bob-songprint").url().getPath()).as(elsewhere).isEqualTo("/account");
        }
    }
}
