package org.songprint.account.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.songprint.account.TestSql;
import org.songprint.account.account.ApiKeyGenerator;

/**
 * The web pages against the real Keycloak that ./stack starts (realm scripts/keycloak/): login
 * through its real form, applications and keys, ownership (403), CSRF. Linking logins, failed logins
 * and logout: LoginLinksTest. The "google" tenant is configured like Google but points at the local
 * Keycloak in tests.
 */
@QuarkusTest
class WebPagesTest {

    private static final String KEY = "[A-Za-z0-9]{32}";

    @TestHTTPResource("/")
    URI base;

    @Inject
    TestSql sql;

    @Test
    void anonymousVisitorsAreSentToTheLoginPage() throws Exception {
        BrowserSession browser = new BrowserSession();
        for (String path : new String[] {"/account", "/applications", "/applications/new", "/applications/1"}) {
            BrowserSession.Page page = browser.get(base.resolve(path));
            assertThat(page.url().getPath()).as(path).isEqualTo("/login");
            assertThat(page.body()).contains("Log in with Songprint login").contains("href=\"/login/google\"");
        }
        // a form post without a session changes nothing and also lands on the login page
        assertThat(browser.post(base.resolve("/applications"), Map.of("name", "x")).url().getPath()).isEqualTo("/login");
    }

    @Test
    void firstLoginCreatesAnAccountWithAUserKeyAndTheSessionCookieIsProtected() throws Exception {
        BrowserSession browser = new BrowserSession();
        BrowserSession.Page profile = browser.login(base, "songprint", "carol", "carol-songprint");
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.url().getPath()).isEqualTo("/account");
        String userKey = profile.find("id=\"user-api-key\">(" + KEY + ")<");
        assertThat(sql.string("SELECT a.name FROM account a JOIN account_openid o ON o.account_id = a.id WHERE a.apikey = ? "
                + "AND o.issuer = 'http://127.0.0.1:18080/realms/songprint'", userKey)).isEqualTo("Carol Cooper");
        assertThat(profile.body()).contains("Log out");
        sql.update("UPDATE account SET submission_count = 42 WHERE apikey = ?", userKey);
        assertThat(browser.get(base.resolve("/account")).body()).contains("id=\"submission-count\">42<");
        // the OIDC tenant's own session cookie is gone: only Songprint's session remains
        assertThat(browser.cookieNames(base.getHost())).containsExactly("songprint_session");

        // a second login of the same person finds the same account
        BrowserSession again = new BrowserSession();
        assertThat(again.login(base, "songprint", "carol", "carol-songprint").body()).contains(userKey);

        // regenerating the user key needs the CSRF token; with it the key changes
        assertThat(browser.post(base.resolve("/account/apikey"), Map.of()).status()).isEqualTo(403);
        assertThat(browser.get(base.resolve("/account")).body()).contains(userKey);
        BrowserSession.Page regenerated = browser.post(base.resolve("/account/apikey"), Map.of("csrf", profile.csrf()));
        assertThat(regenerated.body()).contains("A new user key was made").doesNotContain(userKey);
        assertThat(regenerated.find("id=\"user-api-key\">(" + KEY + ")<")).isNotEqualTo(userKey);
    }

    @Test
    void applicationsAreCreatedEditedRegeneratedAndDeactivatedByTheirOwnerOnly() throws Exception {
        BrowserSession alice = new BrowserSession();
        String csrf = alice.login(base, "songprint", "alice", "alice-songprint").csrf();

        // the blank form asks for a name without saying it is missing yet
        BrowserSession.Page blank = alice.get(base.resolve("/applications/new"));
        assertThat(blank.status()).isEqualTo(200);
        assertThat(blank.body()).contains("id=\"application-form\"").doesNotContain("class=\"errors\"")
                .doesNotContain("Name is required.");

        BrowserSession.Page invalid = alice.post(base.resolve("/applications"),
                Map.of("csrf", csrf, "name", " ", "website", "javascript:alert(1)", "email", "nope"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("Name is required.").contains("Website must be an http:// or https:// address.")
                .contains("Email is not an email address.");

        BrowserSession.Page created = alice.post(base.resolve("/applications"), Map.of("csrf", csrf,
                "name", "Tagger <b>&", "version", "2.1", "email", "dev@example.org", "website", "https://example.org/tagger"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.url().getPath()).matches("/applications/\\d+");
        assertThat(created.body()).contains("Tagger &lt;b&gt;&amp;").doesNotContain("Tagger <b>");
        String id = created.url().getPath().substring("/applications/".length());
        String key = created.find("id=\"client-api-key\">(" + KEY + ")<");
        assertThat(sql.string("SELECT apikey FROM application WHERE id = " + id)).isEqualTo(key);
        assertThat(created.body()).contains("id=\"chart-hourly\"").contains("id=\"chart-daily\"")
                .contains("The application is registered.");
        // how to use the key, with this key and this service's own API address
        assertThat(created.body()).contains("id=\"key-usage\"").contains("client=" + key)
                .contains("acoustid.set_base_url('" + base.resolve("/v2/") + "')");
        // only the fixed confirmations are shown, never words from the address
        assertThat(alice.get(base.resolve("/applications/" + id + "?done=%3Cb%3Ehi%3C/b%3E")).body())
                .doesNotContain("id=\"done-notice\"").doesNotContain("hi</b>");
        assertThat(alice.get(base.resolve("/applications")).body()).contains("href=\"/applications/" + id + "\"");

        BrowserSession.Page edited = alice.post(base.resolve("/applications/" + id), Map.of("csrf", csrf,
                "name", "Tagger", "version", "2.2", "email", "", "website", ""));
        assertThat(edited.body()).contains("Tagger").contains("2.2").contains("Your changes were saved.");
        assertThat(sql.string("SELECT coalesce(email, 'null') FROM application WHERE id = " + id)).isEqualTo("null");

        // bob: every page and action of alice's application is refused, and nothing changes
        BrowserSession bob = new BrowserSession();
        String bobCsrf = bob.login(base, "songprint", "bob", "bob-songprint").csrf();
        assertThat(bob.get(base.resolve("/applications/" + id)).status()).isEqualTo(403);
        assertThat(bob.get(base.resolve("/applications/" + id)).body()).doesNotContain(key);
        assertThat(bob.get(base.resolve("/applications/" + id + "/edit")).status()).isEqualTo(403);
        assertThat(bob.post(base.resolve("/applications/" + id + "/apikey"), Map.of("csrf", bobCsrf)).status()).isEqualTo(403);
        assertThat(bob.post(base.resolve("/applications/" + id + "/active"), Map.of("csrf", bobCsrf, "active", "false"))
                .status()).isEqualTo(403);
        assertThat(bob.post(base.resolve("/applications/" + id), Map.of("csrf", bobCsrf, "name", "Mine")).status())
                .isEqualTo(403);
        assertThat(bob.get(base.resolve("/applications")).body()).doesNotContain("/applications/" + id + "\"");
        assertThat(bob.get(base.resolve("/applications/99999999")).status()).isEqualTo(404);
        assertThat(sql.string("SELECT name || ' ' || apikey || ' ' || active FROM application WHERE id = " + id))
                .isEqualTo("Tagger " + key + " true");

        // alice without the CSRF token, or with bob's: refused, nothing changes
        assertThat(alice.post(base.resolve("/applications/" + id + "/apikey"), Map.of()).status()).isEqualTo(403);
        assertThat(alice.post(base.resolve("/applications/" + id + "/apikey"), Map.of("csrf", bobCsrf)).status())
                .isEqualTo(403);
        assertThat(alice.post(base.resolve("/applications"), Map.of("name", "No token")).status()).isEqualTo(403);
        assertThat(sql.string("SELECT count(*) FROM application WHERE name = 'No token'")).isEqualTo("0");
        assertThat(sql.string("SELECT apikey FROM application WHERE id = " + id)).isEqualTo(key);

        BrowserSession.Page regenerated = alice.post(base.resolve("/applications/" + id + "/apikey"), Map.of("csrf", csrf));
        String newKey = regenerated.find("id=\"client-api-key\">(" + KEY + ")<");
        assertThat(newKey).isNotEqualTo(key);
        assertThat(regenerated.body()).contains("A new client key was made");

        BrowserSession.Page deactivated = alice.post(base.resolve("/applications/" + id + "/active"),
                Map.of("csrf", csrf, "active", "false"));
        assertThat(deactivated.body()).contains("This application is deactivated").contains("id=\"activate-application\"");
        assertThat(sql.string("SELECT active FROM application WHERE id = " + id)).isEqualTo("f");
        assertThat(alice.post(base.resolve("/applications/" + id + "/active"), Map.of("csrf", csrf, "active", "true")).body())
                .contains("The application is active again");
        assertThat(sql.string("SELECT active FROM application WHERE id = " + id)).isEqualTo("t");

        // a form's address visited as a page: a page saying so, in the visitor's header, and nothing changes
        BrowserSession.Page visited = alice.get(base.resolve("/applications/" + id + "/apikey"));
        assertThat(visited.status()).isEqualTo(405);
        assertThat(visited.body()).contains("only takes a form").contains("id=\"logout\"");
        assertThat(sql.string("SELECT apikey FROM application WHERE id = " + id)).isEqualTo(newKey);
    }

    @Test
    void visitingTheLogoutAddressAsksBeforeLoggingOut() throws Exception {
        BrowserSession anonymous = new BrowserSession();
        BrowserSession.Page home = anonymous.get(base.resolve("/logout"));
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.url().getPath()).isEqualTo("/");

        BrowserSession carol = new BrowserSession();
        carol.login(base, "songprint", "carol", "carol-songprint");
        BrowserSession.Page asked = carol.get(base.resolve("/logout"));
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.body()).contains("Log out?").contains("id=\"confirm-logout\"");
        assertThat(carol.get(base.resolve("/account")).url().getPath()).as("a visit alone logs nobody out").isEqualTo("/account");
        assertThat(carol.post(base.resolve("/logout"), Map.of("csrf", asked.csrf())).url().getPath()).isEqualTo("/");
        assertThat(carol.get(base.resolve("/account")).url().getPath()).isEqualTo("/login");
    }

    @Test
    void apiKeysAreLongAndRandom() throws Exception {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(ApiKeyGenerator.newKey());
        }
        assertThat(keys).hasSize(1000).allMatch(k -> k.matches(KEY));
        // 32 symbols of 62: log2(62) * 32 = 190 bits; the symbols are used evenly
        Map<Character, Integer> counts = new HashMap<>();
        keys.forEach(k -> k.chars().forEach(c -> counts.merge((char) c, 1, Integer::sum)));
        assertThat(counts).hasSize(62);
        assertThat(counts.values()).allMatch(n -> n > 32_000 / 62 * 0.7 && n < 32_000 / 62 * 1.3);
    }

    @Test
    void pagesCarrySecurityHeaders() throws Exception {
        BrowserSession.Page home = new BrowserSession().get(base);
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.headers().keySet()).contains("content-security-policy");
        assertThat(home.headers().get("content-security-policy").get(0)).contains("script-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(home.headers().get("x-frame-options")).containsExactly("DENY");
        assertThat(home.headers().get("cache-control")).containsExactly("no-store");
    }

}
