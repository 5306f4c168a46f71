package org.songprint.testsupport;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.AssertionFailedError;

/**
 * Golden answers: an API answer compared byte for byte with a file under the module's
 * {@code src/test/resources/golden/}, so that a refactoring of how answers are built and written
 * proves it changed nothing a client sees.
 *
 * <p>A golden file holds {@code HTTP <status>}, the pinned headers ({@code Content-Type},
 * {@code Access-Control-Allow-Origin}, {@code Retry-After}, each only when answered), an empty
 * line, the body exactly as answered (UTF-8), and one final newline. Before comparing, what truly
 * varies from run to run is replaced by placeholders {@code ${name}}, and only that:
 * <ul>
 * <li>{@link #literal}: a value the test made itself (a track's random gid), wherever it stands as
 * a whole token;</li>
 * <li>{@link #field}: one value of a field ({@code "id":7} or {@code "id":"x"} in JSON,
 * {@code <id>7</id>} in XML), for numbers too short to replace as tokens (database ids);</li>
 * <li>{@link #numbered}: every distinct value of a field, {@code ${prefix-1}}, {@code ${prefix-2}}, ...
 * in order of first appearance in the body (ids the service generated);</li>
 * <li>{@link #matching}: whatever matches a pattern, for a value neither a field nor a token names;</li>
 * <li>the value of {@code Retry-After}, always {@code ${seconds}}.</li>
 * </ul>
 *
 * <p>Regeneration is explicit: with {@code -Dsongprint.golden.update=true} the answers are written
 * to the files instead of being compared with them (review the diff before committing it).
 */
public final class GoldenAnswers {

    /** The system property that makes {@link #check} rewrite the golden files instead of comparing. */
    public static final String UPDATE_PROPERTY = "songprint.golden.update";

    private static final List<String> PINNED_HEADERS = List.of("Content-Type", "Access-Control-Allow-Origin", "Retry-After");

    private final Path directory;
    private final List<Replacement> replacements;

    /** Golden files under {@code src/test/resources/golden/<directory>} of the module under test. */
    public GoldenAnswers(String directory) {
        this(moduleRoot().resolve(Path.of("src", "test", "resources", "golden", directory)), List.of());
    }

    GoldenAnswers(Path directory, List<Replacement> replacements) {
        this.directory = directory;
        this.replacements = replacements;
    }

    /** A copy that writes {@code ${name}} for {@code value} wherever it stands as a whole token. */
    public GoldenAnswers literal(Object value, String name) {
        String text = String.valueOf(value);
        Pattern token = Pattern.compile("(?<![A-Za-z0-9_-])" + Pattern.quote(text) + "(?![A-Za-z0-9_-])");
        return with(body -> token.matcher(body).replaceAll(Matcher.quoteReplacement(placeholder(name))));
    }

    /** A copy that writes {@code ${name}} for {@code value} where it is the value of {@code field}. */
    public GoldenAnswers field(String field, Object value, String name) {
        String text = String.valueOf(value);
        return with(body -> replaceFieldValues(body, field, found -> found.equals(text) ? placeholder(name) : null));
    }

    /** A copy that writes {@code ${name}} for every match of {@code regex} (what no field or token names). */
    public GoldenAnswers matching(String regex, String name) {
        Pattern pattern = Pattern.compile(regex);
        return with(body -> pattern.matcher(body).replaceAll(Matcher.quoteReplacement(placeholder(name))));
    }

    /**
     * A copy that writes {@code ${prefix-N}} for the values of {@code field}, N counting the distinct
     * values in order of first appearance in each body.
     */
    public GoldenAnswers numbered(String field, String prefix) {
        return with(body -> {
            Map<String, String> seen = new LinkedHashMap<>();
            return replaceFieldValues(body, field,
                    found -> seen.computeIfAbsent(found, key -> placeholder(prefix + "-" + (seen.size() + 1))));
        });
    }

    /** Compares (or, when updating, writes) the golden file {@code file} with a RestAssured answer. */
    public void check(String file, Response response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : PINNED_HEADERS) {
            if (response.header(name) != null) {
                headers.put(name, response.header(name));
            }
        }
        check(file, new Answer(response.statusCode(), headers, response.asByteArray()));
    }

    /** Compares (or writes) the golden file {@code file} with a {@code java.net.http} answer. */
    public void check(String file, HttpResponse<byte[]> response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : PINNED_HEADERS) {
            response.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
        }
        check(file, new Answer(response.statusCode(), headers, response.body()));
    }

    /** Compares (or writes) the golden file {@code file} with {@code answer}. */
    public void check(String file, Answer answer) {
        String actual = render(answer);
        Path path = directory.resolve(file);
        try {
            if (Boolean.getBoolean(UPDATE_PROPERTY)) {
                if (!Files.exists(path) || !Files.readString(path, StandardCharsets.UTF_8).equals(actual)) {
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, actual, StandardCharsets.UTF_8);
                    System.out.println("golden answer written: " + path);
                }
                return;
            }
            if (!Files.exists(path)) {
                throw new AssertionFailedError("no golden file " + path + "; run with -D" + UPDATE_PROPERTY
                        + "=true to write it from today's answer:\n" + actual);
            }
            String expected = Files.readString(path, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                throw new AssertionFailedError(path + " differs " + whereDifferent(expected, actual) + " (-D"
                        + UPDATE_PROPERTY + "=true rewrites it, when the change is meant)", expected, actual);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write " + path, e);
        }
    }

    /**
     * One request line sent byte for byte ({@code Host} and {@code Connection: close} added), for
     * what an HTTP client library would not send as asked; the answer must have a Content-Length.
     */
    public static Answer raw(URL server, String requestLine) throws IOException {
        byte[] response;
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            response = in.readAllBytes();
        }
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no complete HTTP head in: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            all.putIfAbsent(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
        }
        if (!all.containsKey("Content-Length")) {
            throw new IllegalStateException("the answer has no Content-Length: " + text);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : PINNED_HEADERS) {
            if (all.containsKey(name)) {
                headers.put(name, all.get(name));
            }
        }
        return new Answer(status, headers, Arrays.copyOfRange(response, end + 4, response.length));
    }

    /** An answer as compared: the status, the pinned headers by name and the body's bytes. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    /** The golden file's text for an answer, placeholders in. */
    String render(Answer answer) {
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        if (!Arrays.equals(body.getBytes(StandardCharsets.UTF_8), answer.body())) {
            throw new AssertionFailedError("the body is not UTF-8: " + Arrays.toString(answer.body()));
        }
        for (Replacement replacement : replacements) {
            body = replacement.apply(body);
        }
        StringBuilder out = new StringBuilder("HTTP ").append(answer.status()).append('\n');
        for (String name : PINNED_HEADERS) {
            String value = answer.headers().get(name);
            if (value != null) {
                out.append(name).append(": ").append(name.equals("Retry-After") ? placeholder("seconds") : value).append('\n');
            }
        }
        return out.append('\n').append(body).append('\n').toString();
    }

    private GoldenAnswers with(Replacement replacement) {
        List<Replacement> more = new ArrayList<>(replacements);
        more.add(replacement);
        return new GoldenAnswers(directory, List.copyOf(more));
    }

    private static String placeholder(String name) {
        return "${" + name + "}";
    }

    /** Rewrites each value of {@code field} (JSON string or number, or XML element text) that {@code change} maps. */
    private static String replaceFieldValues(String body, String field, Function<String, String> change) {
        Pattern values = Pattern.compile("\"" + Pattern.quote(field) + "\":(?:\"([^\"\\\\]*)\"|(-?[0-9][0-9.eE+-]*))"
                + "|<" + Pattern.quote(field) + ">([^<]*)</" + Pattern.quote(field) + ">");
        Matcher matcher = values.matcher(body);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            int group = matcher.group(1) != null ? 1 : matcher.group(2) != null ? 2 : 3;
            String replaced = change.apply(matcher.group(group));
            if (replaced != null) {
                out.append(body, last, matcher.start(group)).append(replaced);
                last = matcher.end(group);
            }
        }
        return out.append(body.substring(last)).toString();
    }

    private static String whereDifferent(String expected, String actual) {
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (expected.charAt(i) == '\n') {
                line++;
            }
        }
        return String.format(Locale.ROOT, "at line %d, character %d: expected ...%s... but was ...%s...", line, at,
                excerpt(expected, at), excerpt(actual, at));
    }

    private static String excerpt(String text, int at) {
        return text.substring(Math.max(0, at - 40), Math.min(text.length(), at + 40)).replace("\n", "\\n");
    }

    private static Path moduleRoot() {
        Path root = Path.of("").toAbsolutePath();
        if (!Files.exists(root.resolve("pom.xml"))) {
            throw new IllegalStateException("golden answers are read from the module directory; " + root + " is not one");
        }
        return root;
    }

    /** One normalisation step over a body. */
    @FunctionalInterface
    interface Replacement {
        String apply(String body);
    }
}
