package org.songprint.account.login;

import jakarta.ws.rs.core.NewCookie;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a login returns to: the page that asked for it ({@code /login?return=/track/...}), kept in a
 * short-lived cookie across the provider's round trip. Only a path of this site is ever followed
 * (never another host, never the login pages themselves), so the parameter cannot send a browser
 * elsewhere.
 */
public final class ReturnPath {

    public static final String COOKIE = "songprint_return";
    /** The default after a login: the profile. */
    public static final String DEFAULT = "/account";
    private static final Pattern SAFE = Pattern.compile("/[A-Za-z0-9/_.~%?=&+-]{0,500}");

    private ReturnPath() {
    }

    /** The path, when it is one of this site's pages a login may return to. */
    public static Optional<String> of(String raw) {
        if (raw == null || !SAFE.matcher(raw).matches() || raw.startsWith("//") || raw.startsWith("/login")
                || raw.startsWith("/logout")) {
            return Optional.empty();
        }
        return Optional.of(raw);
    }

    /** The cookie that keeps the path until the provider sends the browser back (10 minutes at most). */
    static NewCookie remember(String path, boolean https) {
        return cookie(path, 600, https);
    }

    static NewCookie forget(boolean https) {
        return cookie("", 0, https);
    }

    private static NewCookie cookie(String value, int maxAge, boolean https) {
        return new NewCookie.Builder(COOKIE).value(value).path("/login").maxAge(maxAge).httpOnly(true).secure(https)
                .sameSite(NewCookie.SameSite.LAX).build();
    }
}
