package org.songprint.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes every AcoustID answer, whichever endpoint made it: an {@link ApiAnswer} record with
 * {@code status} beside its fields. JSON has its keys sorted by
 * name and leaves out null fields; JSONP wraps it in the {@code jsoncallback}; XML has a root
 * {@code <response>} with children sorted by name and list items named by the singular of the list
 * ("results" → "result").
 */
public final class ApiReplyWriter {

    static final String DEFAULT_CALLBACK = "jsonAcoustidApi";
    private static final Pattern CALLBACK = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    // the record components and the status accessor are sorted together, as AcoustID's dicts are
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private ApiReplyWriter() {
    }

    /** {@code {"status":"ok", ...answer}} in the asked format. */
    public static ApiReply ok(ApiAnswer answer, ResponseFormat format, String callback) {
        return render(200, answer, format, callback);
    }

    /** {@code {"status":"error","error":{"code":N,"message":...}}} with the error's HTTP status. */
    public static ApiReply error(ApiException error, ResponseFormat format, String callback) {
        return render(error.httpStatus(), ErrorAnswer.of(error), format == null ? ResponseFormat.JSON : format, callback)
                .withRetryAfter(error.retryAfterSeconds());
    }

    private static ApiReply render(int status, Object body, ResponseFormat format, String callback) {
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
            case XML -> new ApiReply(status, "text/xml; charset=UTF-8", xml(JSON.valueToTree(body)));
        };
    }

    private static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unserialisable API payload", e);
        }
    }

    private static byte[] xml(JsonNode body) {
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

    private static void writeElement(XMLStreamWriter writer, String name, JsonNode value) throws XMLStreamException {
        writer.writeStartElement(name);
        if (value.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            value.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
            for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
                writeElement(writer, field.getKey(), field.getValue());
            }
        } else if (value.isArray()) {
            String item = singular(name);
            for (JsonNode element : value) {
                writeElement(writer, item, element);
            }
        } else if (!value.isNull()) {
            writer.writeCharacters(value.asText());
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
