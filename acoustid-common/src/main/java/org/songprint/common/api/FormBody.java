package org.songprint.common.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Reads a request body as AcoustID does: inflated when {@code Content-Encoding} is gzip or deflate,
 * parsed as {@code application/x-www-form-urlencoded} (UTF-8). At most 1 MiB on the wire and 1 MiB
 * inflated (error 19 beyond either), so a small "gzip bomb" cannot take the service's memory.
 */
public final class FormBody {

    public static final int MAX_BYTES = 1 << 20;

    private FormBody() {
    }

    /** The form fields of the body; an empty or non-form body has none. */
    public static Map<String, List<String>> parse(byte[] body, String contentEncoding, String contentType) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return fields;
        }
        if (body.length > MAX_BYTES) {
            throw ApiException.requestTooLarge();
        }
        byte[] plain = inflate(body, contentEncoding);
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return fields;
        }
        String text = new String(plain, StandardCharsets.UTF_8);
        int count = 0;
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > ApiParams.MAX_PARAMETERS) {
                throw ApiException.requestTooLarge();
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return fields;
    }

    private static byte[] inflate(byte[] body, String contentEncoding) {
        String encoding = contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (encoding.isEmpty() || encoding.equals("identity")) {
            return body;
        }
        try (InputStream in = switch (encoding) {
            case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
            default -> throw invalidBody("unsupported Content-Encoding \"" + contentEncoding.strip() + "\"");
        }) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(MAX_BYTES, body.length * 4));
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) > 0) {
                if (out.size() + read > MAX_BYTES) {
                    throw ApiException.requestTooLarge();
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw invalidBody("the " + encoding + " body is corrupt");
        }
    }

    private static String decode(String value) {
        // most values (fingerprints: URL-safe base64, digits, keys) have nothing to decode, and
        // URLDecoder copies every character even then
        if (value.indexOf('%') < 0 && value.indexOf('+') < 0) {
            return value;
        }
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidBody("malformed form encoding");
        }
    }

    /** A body whose parameters cannot be read: they are as good as missing (code 2, HTTP 400). */
    private static ApiException invalidBody(String why) {
        return new ApiException(AcoustIdError.MISSING_PARAMETER, "invalid request body: " + why);
    }
}
