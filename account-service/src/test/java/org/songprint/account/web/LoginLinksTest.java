package org.songprint.account.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.songprint.account.TestSql;

/**
 * Failed logins and account links against the real Keycloak (realm scripts/keycloak/): a failed login
 * (a conflicting link, a database error) leaves no provider session cookie that would let the next
 * person at the browser in without a password; a second login is linked only by a confirmed POST with
 * the CSRF token from the session it was offered to; the profile names every link and unlinks all
 * but the last. The "google" tenant runs against the local Keycloak in tests.
 */
@QuarkusTest
class LoginLinksTest {

    private static final String KEY = "[A-Za-z0-9]{32}";
    private static final String SONGPRINT_LABEL = "Songprint login (local Keycloak)";
    private static final Pattern LOGIN_ITEM =
            Pattern.compile("<span class=\"provider\">([^<]+)</span>: <strong class=\"who\">([^<]+)</strong>");

    @TestHTTPResource("/")
    URI base;

    @Inject
    TestSql sql;

    @BeforeEach
    void noGoogleLinks() throws Exception {
        // the Keycloak users are shared by the tests: each starts with their "Google" identities unlinked
        sql.update("DELETE FROM account_google");
        sql.update("DELETE FROM account_link_pending");
    }

    @Test
    void aConflictingLinkLeavesNoProviderSessionBehind() throws Exception {
        // bob's Google identity opens bob's own account
        new BrowserSession().login(base, "google", "bob", "bob-songprint");
        String bobAccount = sql.string("SELECT account_id FROM account_google");

        // alice, logged in, comes back from the provider as bob: refused, and the provider's session ends
        BrowserSession shared = new BrowserSession();
        BrowserSession.Page profile = shared.login(base, "songprint", "alice", "alice-songprint");
        shared.forgetProviderSession();
        BrowserSession.Page conflict = shared.login(base, "google", "bob", "bob-songprint");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body()).contains("linked to another Songprint account");
        assertThat(providerCookies(shared)).isEmpty();
        assertThat(sql.string("SELECT string_agg(account_id::text, ',') FROM account_google")).isEqualTo(bobAccount);

        // alice logs out and leaves; the next person at this browser meets the provider's password form
        // (the provider's own single sign-on session is the provider's: forgotten here, as Keycloak's
        // prompt=login and Google's account chooser do in real life; Songprint's cookies are what is checked)
        shared.post(base.resolve("/logout"), Map.of("csrf", profile.csrf()));
        shared.forgetProviderSession();
        BrowserSession.Page next = shared.get(base.resolve("/login/google"));
        assertThat(next.url().getPort()).as("sent to the provider, not logged in as bob").isEqualTo(18080);
        assertThat(next.body()).contains("kc-form-login");
        assertThat(shared.get(base.resolve("/account")).url().getPath()).isEqualTo("/login");
    }

    @Test
    void aDatabaseErrorDuringLoginLeavesNoProviderSessionBehind() throws Exception {
        BrowserSession browser = new BrowserSession();
        sql.update("CREATE FUNCTION test_refuse_session() RETURNS trigger LANGUAGE plpgsql AS "
                + "'BEGIN RAISE EXCEPTION ''test: no new sessions''; END'");
        sql.update("CREATE TRIGGER test_refuse_session BEFORE INSERT ON account_session FOR EACH ROW "
                + "EXECUTE FUNCTION test_refuse_session()");
        try {
            BrowserSession.Page failed = browser.login(base, "songprint", "carol", "carol-songprint");
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.body()).contains("Login failed").contains("problem on our side");
        } finally {
            sql.update("DROP TRIGGER test_refuse_session ON account_session");
            sql.update("DROP FUNCTION test_refuse_session()");
        }
        // neither a provider session nor a Songprint one: the next visit asks for the password again
        assertThat(browser.cookieNames(base.getHost())).isEmpty();
        browser.forgetProviderSession();
        assertThat(browser.get(base.resolve("/login/songprint")).url().getPort()).isEqualTo(18080);
    }

    @Test
    void aSecondLoginIsLinkedOnlyByAConfirmedPostFromTheSessionItWasOfferedTo() throws Exception {
        BrowserSession alice = new BrowserSession();
        BrowserSession.Page profile = alice.login(base, "songprint", "alice", "alice-songprint");
        String csrf = profile.csrf();
        String userKey = profile.find("id=\"user-api-key\">(" + KEY + ")<");
        int account = sql.integer("SELECT id FROM account WHERE apikey = ?", userKey);

        // coming back from the provider only shows what would be linked
        BrowserSession.Page confirm = alice.login(base, "google", "alice", "alice-songprint");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Link a login to your account?").contains("Google")
                .contains("Alice Archer").contains("alice@songprint.invalid").contains("id=\"link-confirm\"");
        assertThat(providerCookies(alice)).isEmpty();
        assertThat(googleLinks(account)).isZero();
        String nonce = confirm.find("name=\"link\" value=\"([^\"]+)\"");
        Map<String, String> form = Map.of("csrf", csrf, "link", nonce, "decision", "link");

        // refused, nothing linked: no CSRF token; alice's form posted by another logged-in browser, or by
        // one without a session; that browser's own session asking for it; a nonce alice was not shown
        assertThat(alice.post(base.resolve("/login/link"), Map.of("link", nonce, "decision", "link")).status())
                .isEqualTo(403);
        BrowserSession bob = new BrowserSession();
        String bobCsrf = bob.login(base, "songprint", "bob", "bob-songprint").csrf();
        assertThat(bob.post(base.resolve("/login/link"), form).status()).isEqualTo(403);
        assertThat(bob.post(base.resolve("/login/link"), Map.of("csrf", bobCsrf, "link", nonce, "decision", "link"))
                .status()).isEqualTo(410);
        assertThat(new BrowserSession().post(base.resolve("/login/link"), form).url().getPath()).isEqualTo("/login");
        assertThat(alice.post(base.resolve("/login/link"), Map.of("csrf", csrf, "link", "x" + nonce, "decision", "link"))
                .status()).isEqualTo(410);
        assertThat(sql.integer("SELECT count(*) FROM account_google")).isZero();

        BrowserSession.Page linked = alice.post(base.resolve("/login/link"), form);
        assertThat(linked.url().getPath()).isEqualTo("/account");
        assertThat(linked.body()).contains("The login was linked");
        assertThat(logins(linked)).containsExactly(SONGPRINT_LABEL + ": Alice Archer", "Google: Alice Archer");
        assertThat(linked.body()).contains("(alice@songprint.invalid)");
        assertThat(sql.string("SELECT display_name || ' ' || email FROM account_google WHERE account_id = ?", account))
                .isEqualTo("Alice Archer alice@songprint.invalid");
        // the form is good once
        assertThat(alice.post(base.resolve("/login/link"), form).status()).isEqualTo(410);

        // the linked login alone opens the same account
        BrowserSession viaGoogle = new BrowserSession();
        assertThat(viaGoogle.login(base, "google", "alice", "alice-songprint").body()).contains(userKey);
        // coming back with a login already linked to this account changes nothing
        BrowserSession.Page again = alice.login(base, "google", "alice", "alice-songprint");
        assertThat(again.url().getPath()).isEqualTo("/account");
        assertThat(logins(again)).hasSize(2);

        BrowserSession.Page loggedOut = alice.post(base.resolve("/logout"), Map.of("csrf", csrf));
        assertThat(loggedOut.url().getPath()).isEqualTo("/");
        assertThat(alice.cookieNames(base.getHost())).isEmpty();
        assertThat(alice.get(base.resolve("/account")).url().getPath()).isEqualTo("/login");
    }

    @Test
    void aLinkCanBeCancelledAndExpires() throws Exception {
        BrowserSession alice = new BrowserSession();
        BrowserSession.Page profile = alice.login(base, "songprint", "alice", "alice-songprint");
        String csrf = profile.csrf();

        String cancelled = alice.login(base, "google", "alice", "alice-songprint").find("name=\"link\" value=\"([^\"]+)\"");
        assertThat(alice.post(base.resolve("/login/link"), Map.of("csrf", csrf, "link", cancelled, "decision", "cancel"))
                .url().getPath()).isEqualTo("/account");
        assertThat(alice.post(base.resolve("/login/link"), Map.of("csrf", csrf, "link", cancelled, "decision", "link"))
                .status()).isEqualTo(410);

        String expired = alice.login(base, "google", "alice", "alice-songprint").find("name=\"link\" value=\"([^\"]+)\"");
        sql.update("UPDATE account_link_pending SET expires = now() - interval '1 second'");
        BrowserSession.Page late = alice.post(base.resolve("/login/link"),
                Map.of("csrf", csrf, "link", expired, "decision", "link"));
        assertThat(late.status()).isEqualTo(410);
        assertThat(late.body()).contains("expired");
        assertThat(sql.integer("SELECT count(*) FROM account_google")).isZero();
    }

    @Test
    void linksAreUnlinkedButNeverTheLastOne() throws Exception {
        BrowserSession alice = new BrowserSession();
        BrowserSession.Page profile = alice.login(base, "songprint", "alice", "alice-songprint");
        String csrf = profile.csrf();
        int account = sql.integer("SELECT id FROM account WHERE apikey = ?", profile.find("id=\"user-api-key\">(" + KEY + ")<"));
        link(alice, csrf);
        BrowserSession elsewhere = new BrowserSession();
        elsewhere.login(base, "songprint", "alice", "alice-songprint");

        BrowserSession.Page both = alice.get(base.resolve("/account"));
        assertThat(both.body()).doesNotContain("id=\"only-login\"");
        String googleKey = both.find("name=\"kind\" value=\"google\">\\s*<input type=\"hidden\" name=\"key\" value=\"([^\"]+)\"");
        String openidKey = both.find("name=\"kind\" value=\"openid\">\\s*<input type=\"hidden\" name=\"key\" value=\"([^\"]+)\"");

        // refused, nothing changes: without the CSRF token; another account's login
        assertThat(alice.post(base.resolve("/account/logins/unlink"), Map.of("kind", "google", "key", googleKey))
                .status()).isEqualTo(403);
        BrowserSession bob = new BrowserSession();
        bob.login(base, "google", "bob", "bob-songprint");
        String bobKey = sql.string("SELECT google_user_id FROM account_google WHERE account_id <> ?", account);
        assertThat(alice.post(base.resolve("/account/logins/unlink"), Map.of("csrf", csrf, "kind", "google", "key", bobKey))
                .status()).isEqualTo(404);
        assertThat(sql.integer("SELECT count(*) FROM account_google")).isEqualTo(2);

        BrowserSession.Page unlinked = alice.post(base.resolve("/account/logins/unlink"),
                Map.of("csrf", csrf, "kind", "google", "key", googleKey));
        assertThat(unlinked.url().getPath()).isEqualTo("/account");
        assertThat(unlinked.body()).contains("The login was removed");
        assertThat(logins(unlinked)).containsExactly(SONGPRINT_LABEL + ": Alice Archer");
        assertThat(unlinked.body()).contains("id=\"only-login\"");
        assertThat(googleLinks(account)).isZero();
        // the account's other browsers are logged out (their session may have come through that login)
        assertThat(elsewhere.get(base.resolve("/account")).url().getPath()).isEqualTo("/login");

        BrowserSession.Page last = alice.post(base.resolve("/account/logins/unlink"),
                Map.of("csrf", csrf, "kind", "openid", "key", openidKey));
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.body()).contains("only login of your account");
        assertThat(sql.integer("SELECT count(*) FROM account_openid WHERE account_id = ?", account)).isEqualTo(1);
        assertThat(alice.get(base.resolve("/account")).status()).isEqualTo(200);
    }

    private void link(BrowserSession browser, String csrf) throws Exception {
        String nonce = browser.login(base, "google", "alice", "alice-songprint").find("name=\"link\" value=\"([^\"]+)\"");
        BrowserSession.Page linked = browser.post(base.resolve("/login/link"),
                Map.of("csrf", csrf, "link", nonce, "decision", "link"));
        assertThat(linked.body()).contains("The login was linked");
    }

    private int googleLinks(int account) throws Exception {
        return sql.integer("SELECT count(*) FROM account_google WHERE account_id = ?", account);
    }

    /** quarkus-oidc's cookies in the browser: the tenants' session cookies (q_session_*, maybe chunked) and state. */
    private List<String> providerCookies(BrowserSession browser) throws Exception {
        return browser.cookieNames(base.getHost()).stream().filter(name -> name.startsWith("q_")).toList();
    }

    /** The profile's logins as "provider label: readable name". */
    private static List<String> logins(BrowserSession.Page profile) {
        List<String> logins = new ArrayList<>();
        Matcher matcher = LOGIN_ITEM.matcher(profile.body());
        while (matcher.find()) {
            logins.add(matcher.group(1) + ": " + matcher.group(2));
        }
        return logins;
    }
}
