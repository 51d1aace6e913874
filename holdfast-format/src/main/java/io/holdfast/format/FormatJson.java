package io.holdfast.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;

/**
 * The shared JSON machinery of the format layer. Trees are read and written with the streaming parser and generator
 * of {@link #FACTORY}, not through an {@link ObjectMapper}: making one (its date formats load the JDK's locale data,
 * its introspectors and serializer tables) took 85 ms of a short command's start, on the key derivation's path
 * (design.md §22). {@link #mapper()} makes it for the few that need one.
 */
public final class FormatJson {
    /** The factory for streaming generators and parsers; generators leave their target open. */
    public static final JsonFactory FACTORY =
            JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private FormatJson() {}

    private static final class Mapper {
        static final ObjectMapper INSTANCE =
                new ObjectMapper(FACTORY).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** An object mapper tolerant of unknown fields, as restic's readers are; made on first use. */
    public static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The compact JSON of {@code node}, as {@code ObjectMapper.writeValueAsBytes} writes it. */
    public static byte[] bytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array cannot fail
        }
        return out.toByteArray();
    }

    /** Parses an object, turning any parse error into a {@link CorruptDataException} naming {@code what}. */
    public static ObjectNode parseObject(byte[] json, String what) throws CorruptDataException {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CorruptDataException(what, "expected a JSON object");
            }
            return (ObjectNode) read(p);
        } catch (CorruptDataException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptDataException(what, "invalid JSON: " + e.getMessage(), e);
        }
    }

    /** The value at the parser's current token, as {@code ObjectMapper.readTree} builds it. */
    private static JsonNode read(JsonParser p) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new JsonParseException(p, "unexpected end of input");
        }
        return switch (t) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    p.nextToken();
                    o.set(name, read(p));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p));
                }
                yield a;
            }
            case VALUE_STRING -> f.textNode(p.getText());
            case VALUE_NUMBER_INT ->
                switch (p.getNumberType()) {
                    case INT -> f.numberNode(p.getIntValue());
                    case LONG -> f.numberNode(p.getLongValue());
                    default -> f.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT -> f.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> f.booleanNode(true);
            case VALUE_FALSE -> f.booleanNode(false);
            case VALUE_NULL -> f.nullNode();
            default -> throw new JsonParseException(p, "unexpected token " + t);
        };
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode v : n) {
                    write(g, v);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
                    case FLOAT -> g.writeNumber(n.floatValue());
                    case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
                    default -> g.writeNumber(n.doubleValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL -> g.writeNull();
            case BINARY -> g.writeBinary(n.binaryValue());
            default -> throw new IllegalArgumentException("cannot write a " + n.getNodeType() + " node");
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
