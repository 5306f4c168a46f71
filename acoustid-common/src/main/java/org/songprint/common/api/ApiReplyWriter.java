package org.songprint.common.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Renders AcoustID answers. A payload is a tree of maps, lists and scalars; JSON is written with
 * sorted keys, JSONP wraps it in the {@code jsoncallback}, XML has a root {@code <response>} with
 * children sorted by name and list items named by the singular of the list ("results" → "result").
 */
public final class ApiReplyWriter {

    static final String DEFAULT_CALLBACK = "jsonAcoustidApi";
    private static final Pattern CALLBACK = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private ApiReplyWriter() {
    }

    /** {@code {"status":"ok", ...payload}} in the asked format. */
    public static ApiReply ok(Map<String, ?> payload, ResponseFormat format, String callback) {
        Map<String, Object> body = new LinkedHashMap<>(payload);
        body.put("status", "ok");
        return render(200, body, format, callback);
    }

    /** {@code {"status":"error","error":{"code":N,"message":...}}} with the error's HTTP status. */
    public static ApiReply error(ApiException error, ResponseFormat format, String callback) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("code", error.code());
        detail.put("message", error.getMessage());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("error", detail);
        return render(error.httpStatus(), body, format == null ? ResponseFormat.JSON : format, callback)
                .withRetryAfter(error.retryAfterSeconds());
    }

    private static ApiReply render(int status, Map<String, Object> body, ResponseFormat format, String callback) {
        return switch (format) {
            case JSON -> new ApiReply(status, "application/json; charset=UTF-8", json(body));
            case JSONP -> {
                String name = callback != null && CALLBACK.matcher(callback).matches() ? callback : DEFAULT_CALLBACK;
                byte[] json = json(body);
                ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + name.length() + 3);
                out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
                out.write('(');
                out.writeBytes(json);
                out.write(')');
                yield new ApiReply(status, "application/javascript; charset=UTF-8", out.toByteArray());
            }
            case XML -> new ApiReply(status, "text/xml; charset=UTF-8", xml(body));
        };
    }

    private static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unserialisable API payload", e);
        }
    }

    private static byte[] xml(Map<String, Object> body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter writer = XML.createXMLStreamWriter(out, "UTF-8");
            writer.writeStartDocument("UTF-8", "1.0");
            writeElement(writer, "response", body);
            writer.writeEndDocument();
            writer.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write XML answer", e);
        }
        return out.toByteArray();
    }

    private static void writeElement(XMLStreamWriter writer, String name, Object value) throws XMLStreamException {
        writer.writeStartElement(name);
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : new TreeMap<>(map).entrySet()) {
                writeElement(writer, String.valueOf(entry.getKey()), entry.getValue());
            }
        } else if (value instanceof Collection<?> items) {
            String item = singular(name);
            for (Object element : items) {
                writeElement(writer, item, element);
            }
        } else if (value != null && value.getClass().isArray()) {
            // a primitive array (a fingerprint's hashes) is a list like any other, never its identity
            String item = singular(name);
            for (int i = 0; i < Array.getLength(value); i++) {
                writeElement(writer, item, Array.get(value, i));
            }
        } else if (value != null) {
            writer.writeCharacters(String.valueOf(value));
        }
        writer.writeEndElement();
    }

    static String singular(String name) {
        if (name.endsWith("ies")) {
            return name.substring(0, name.length() - 3) + "y";
        }
        if (name.endsWith("s")) {
            return name.substring(0, name.length() - 1);
        }
        return name;
    }
}
