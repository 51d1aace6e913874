package io.holdfast.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;

/** The shared JSON machinery of the format layer. */
public final class FormatJson {
    /** Tolerant of unknown fields, as restic's readers are. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    /** The factory for streaming generators and parsers. */
    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private FormatJson() {}

    /** Parses an object, turning any parse error into a {@link CorruptDataException} naming {@code what}. */
    public static ObjectNode parseObject(byte[] json, String what) throws CorruptDataException {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node instanceof ObjectNode obj) {
                return obj;
            }
            throw new CorruptDataException(what, "expected a JSON object");
        } catch (CorruptDataException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptDataException(what, "invalid JSON: " + e.getMessage(), e);
        }
    }

    /** Reads a required text field. */
    public static String text(ObjectNode node, String field, String what) throws CorruptDataException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new CorruptDataException(what, "missing field '" + field + "'");
        }
        return v.asText();
    }

    /** Reads a required integer field. */
    public static long number(ObjectNode node, String field, String what) throws CorruptDataException {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new CorruptDataException(what, "missing number '" + field + "'");
        }
        return v.asLong();
    }

    /** Reads a required base64 field (standard alphabet, as Go's encoding/json writes []byte). */
    public static byte[] base64(ObjectNode node, String field, String what) throws CorruptDataException {
        try {
            return Base64.getDecoder().decode(text(node, field, what));
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(what, "field '" + field + "' is not base64", e);
        }
    }
}
