package org.songprint.account.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal browser for the pages' tests: keeps cookies per host, follows redirects the way a browser
 * does (303 and 302 become GET), and fills in the real Keycloak login form. Like browsers it sends
 * Secure cookies to loopback addresses over HTTP (a secure context), which Keycloak's cookies need.
 */
final class BrowserSession {

    record Page(URI url, int status, String body, Map<String, List<String>> headers) {

        String csrf() {
            return find("name=\"csrf\" value=\"([^\"]+)\"");
        }

        String find(String regex) {
            Matcher matcher = Pattern.compile(regex).matcher(body);
            assertThat(matcher.find()).as("%s in page %s", regex, url).isTrue();
            return matcher.group(1);
        }
    }

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Map<String, String>> cookies = new HashMap<>();

    /** Logs in through the provider's login form; answers the page the login ends on. */
    Page login(URI base, String provider, String user, String password) throws Exception {
        Page form = get(base.resolve("/login/" + provider));
        if (form.url().getPort() != 18080) {
            // the provider remembered the user (its single sign-on session) and sent the browser straight back
            return form;
        }
        String action = form.find(LOGIN_FORM.pattern()).replace("&amp;", "&");
        return post(URI.create(action), Map.of("username", user, "password", password, "credentialId", ""));
    }

    Page get(URI url) throws Exception {
        return send(HttpRequest.newBuilder(url).GET());
    }

    Page post(URI url, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Forgets the provider's cookies, as if the user had logged out there (or picked another account). */
    void forgetProviderSession() {
        cookies.remove("127.0.0.1");
    }

    Set<String> cookieNames(String host) {
        return cookies.getOrDefault(host, Map.of()).keySet();
    }

    private Page send(HttpRequest.Builder request) throws Exception {
        for (int hops = 0; hops < 10; hops++) {
            HttpRequest built = withCookies(request).timeout(Duration.ofSeconds(20)).build();
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            remember(built.uri(), response.headers().allValues("set-cookie"));
            int status = response.statusCode();
            if (status >= 301 && status <= 303 || status == 307) {
                URI next = built.uri().resolve(response.headers().firstValue("location").orElseThrow());
                request = HttpRequest.newBuilder(next).GET();
                continue;
            }
            return new Page(built.uri(), status, response.body(), response.headers().map());
        }
        throw new AssertionError("too many redirects");
    }

    private HttpRequest.Builder withCookies(HttpRequest.Builder request) {
        HttpRequest probe = request.copy().build();
        Map<String, String> jar = cookies.getOrDefault(probe.uri().getHost(), Map.of());
        if (!jar.isEmpty()) {
            request.setHeader("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return request;
    }

    private void remember(URI url, List<String> setCookies) {
        Map<String, String> jar = cookies.computeIfAbsent(url.getHost(), host -> new LinkedHashMap<>());
        for (String header : setCookies) {
            String[] parts = header.split(";");
            int eq = parts[0].indexOf('=');
            String name = parts[0].substring(0, eq).strip();
            String value = parts[0].substring(eq + 1).strip();
            boolean expired = value.isEmpty();
            for (String attribute : parts) {
                String a = attribute.strip().toLowerCase();
                if (a.equals("max-age=0") || a.startsWith("expires=thu, 01 jan 1970") || a.startsWith("expires=thu, 01-jan-1970")) {
                    expired = true;
                }
            }
            if (expired) {
                jar.remove(name);
            } else {
                jar.put(name, value);
            }
        }
    }
}
