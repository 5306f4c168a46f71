package org.songprint.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/** The calls the golden answer tests make: each case in every answer format, and bodies sent byte for byte. */
public final class GoldenCalls {

    /** The answer formats of the AcoustID API; {@code jsonp} with the callback {@code cb}. */
    public static final List<String> FORMATS = List.of("json", "jsonp", "xml");

    private GoldenCalls() {
    }

    /** A form POST asking for {@code format} (and, for jsonp, the callback cb) in its body. */
    public static RequestSpecification post(String format) {
        RequestSpecification request = given().formParam("format", format);
        return format.equals("jsonp") ? request.formParam("jsoncallback", "cb") : request;
    }

    /** A GET asking for {@code format} (and, for jsonp, the callback cb) in its query string. */
    public static RequestSpecification get(String format) {
        RequestSpecification request = given().queryParam("format", format);
        return format.equals("jsonp") ? request.queryParam("jsoncallback", "cb") : request;
    }

    /** Checks the case's answer in each format against {@code <case>.<format>.txt}. */
    public static void inEveryFormat(GoldenAnswers golden, String name, Function<String, Response> call) {
        for (String format : FORMATS) {
            golden.check(name + "." + format + ".txt", call.apply(format));
        }
    }

    /** The query string asking for {@code format} (and, for jsonp, the callback cb), with its {@code ?}. */
    public static String formatQuery(String format) {
        return "?format=" + format + (format.equals("jsonp") ? "&jsoncallback=cb" : "");
    }

    /**
     * A POST of {@code body} exactly as given (what RestAssured would re-encode), asking for
     * {@code format} in the query string; {@code encoding} is the Content-Encoding, or null for none.
     */
    public static HttpResponse<byte[]> postBody(URL server, String path, String format, byte[] body, String contentType,
            String encoding) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(new URL(server, path + formatQuery(format)).toURI())
                    .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (encoding != null) {
                request.header("Content-Encoding", encoding);
            }
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code plain} gzip-compressed. */
    public static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
