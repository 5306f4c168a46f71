package org.songprint.common.api;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
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
 * then parsed as {@code application/x-www-form-urlencoded} or {@code multipart/form-data} (UTF-8;
 * multipart file parts are not parameters, as in werkzeug's {@code request.values}). At most 1 MiB
 * on the wire and 1 MiB inflated (error 19 beyond either), so a small "gzip bomb" cannot take the
 * service's memory, and at most {@link ApiParams#MAX_PARAMETERS} fields or parts.
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
        String type = contentType == null ? null : contentType.strip().toLowerCase(Locale.ROOT);
        if (type != null && type.startsWith("multipart/form-data")) {
            // Netty matches the media type case-sensitively: hand it the lower-case one, parameters as sent
            int parameters = contentType.indexOf(';');
            return multipart(plain, "multipart/form-data" + (parameters < 0 ? "" : contentType.substring(parameters)));
        }
        if (type != null && !type.startsWith("application/x-www-form-urlencoded")) {
            return fields;
        }
        String text = new String(plain, StandardCharsets.UTF_8);
        int count = 0;
        // names and values are cut from the text directly: a fingerprint is most of a body, and
        // splitting into pairs first copied it once more
        for (int start = 0; start <= text.length(); ) {
            int end = text.indexOf('&', start);
            if (end < 0) {
                end = text.length();
            }
            if (end > start) {
                if (++count > ApiParams.MAX_PARAMETERS) {
                    throw ApiException.requestTooLarge();
                }
                int eq = text.indexOf('=', start);
                if (eq < 0 || eq > end) {
                    eq = end;
                }
                String name = decode(text.substring(start, eq));
                String value = eq == end ? "" : decode(text.substring(eq + 1, end));
                fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        return fields;
    }

    /**
     * The fields of a multipart body, decoded by Netty's multipart decoder (the one Vert.x itself
     * uses) over the already bounded, inflated bytes, in memory only: nothing is written to disk.
     */
    private static Map<String, List<String>> multipart(byte[] plain, String contentType) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
                Unpooled.wrappedBuffer(plain));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpPostMultipartRequestDecoder decoder = null;
        try {
            if (!HttpPostRequestDecoder.isMultipart(request)) {
                // no boundary: the parts cannot be told apart (Netty's decoder assumes one)
                throw invalidBody("multipart body without a boundary");
            }
            decoder = new HttpPostMultipartRequestDecoder(new DefaultHttpDataFactory(false, StandardCharsets.UTF_8), request,
                    StandardCharsets.UTF_8, ApiParams.MAX_PARAMETERS, MAX_BYTES);
            for (InterfaceHttpData part : decoder.getBodyHttpDatas()) {
                // a part with a filename is an upload, not a parameter (werkzeug files it under request.files)
                if (part instanceof Attribute attribute) {
                    fields.computeIfAbsent(attribute.getName(), k -> new ArrayList<>(1)).add(attribute.getValue());
                }
            }
            return fields;
        } catch (HttpPostRequestDecoder.TooManyFormFieldsException | HttpPostRequestDecoder.TooLongFormFieldException e) {
            throw ApiException.requestTooLarge();
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException | HttpPostRequestDecoder.NotEnoughDataDecoderException
                | IllegalArgumentException | IOException e) {
            throw invalidBody("malformed multipart body");
        } finally {
            if (decoder != null) {
                decoder.destroy();
            }
            request.release();
        }
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
