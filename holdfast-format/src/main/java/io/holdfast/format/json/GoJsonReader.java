package io.holdfast.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSON document that Go's {@code encoding/json} would accept into Go types, on a Jackson streaming
 * {@link JsonParser}. Follows Go's decoding rules where they matter for restic: {@code null} leaves a field at its zero
 * value, unsigned integers reject signs, fractions and overflow. Every failure is a {@link CorruptDataException} naming
 * the object being read. Value methods first advance to the value after a field name.
 */
public final class GoJsonReader implements AutoCloseable {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final byte[] input;
    private final String object;
    private final JsonParser p;

    private GoJsonReader(byte[] input, String object, JsonParser p) {
        this.input = input;
        this.object = object;
        this.p = p;
    }

    /** A reader over {@code json}; errors name {@code object}. */
    public static GoJsonReader of(byte[] json, String object) throws CorruptDataException {
        try {
            return new GoJsonReader(json, object, FACTORY.createParser(json));
        } catch (IOException e) {
            throw new CorruptDataException(object, "cannot read JSON: " + e.getMessage(), e);
        }
    }

    /** A {@link CorruptDataException} for this object, with the current byte offset. */
    public CorruptDataException error(String message) {
        return error(message, null);
    }

    private CorruptDataException error(String message, @Nullable Throwable cause) {
        long at = p.currentTokenLocation().getByteOffset();
        return new CorruptDataException(object, message + (at >= 0 ? " (at byte " + at + ")" : ""), cause);
    }

    /** Advances to the next token; {@code null} at the end of input. */
    public @Nullable JsonToken next() throws CorruptDataException {
        try {
            return p.nextToken();
        } catch (IOException e) {
            throw error("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** Advances and requires {@code expected}. */
    public void expect(JsonToken expected) throws CorruptDataException {
        JsonToken t = next();
        if (t != expected) {
            throw error("expected " + expected + " but found " + t);
        }
    }

    /** Advances to the next field name and returns it, or returns {@code null} at the end of the object. */
    public @Nullable String nextField() throws CorruptDataException {
        JsonToken t = next();
        if (t == JsonToken.END_OBJECT) {
            return null;
        }
        if (t != JsonToken.FIELD_NAME) {
            throw error("expected a field name but found " + t);
        }
        try {
            return p.currentName();
        } catch (IOException e) {
            throw error("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** Advances to the start of an object, or to {@code null}; returns false for {@code null}. */
    public boolean startObjectOrNull() throws CorruptDataException {
        return startOrNull(JsonToken.START_OBJECT);
    }

    /** Advances to the start of an array, or to {@code null}; returns false for {@code null}. */
    public boolean startArrayOrNull() throws CorruptDataException {
        return startOrNull(JsonToken.START_ARRAY);
    }

    private boolean startOrNull(JsonToken start) throws CorruptDataException {
        JsonToken t = next();
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != start) {
            throw error("expected " + start + " but found " + t);
        }
        return true;
    }

    /** Requires that nothing but whitespace follows the document, as Go's {@code Unmarshal} does. */
    public void expectEnd() throws CorruptDataException {
        if (next() != null) {
            throw error("data after the end of the JSON value");
        }
    }

    /** A Go {@code string}; {@code null} reads as the empty string. */
    public String string() throws CorruptDataException {
        JsonToken t = next();
        if (t == JsonToken.VALUE_NULL) {
            return "";
        }
        if (t != JsonToken.VALUE_STRING) {
            throw error("expected a string but found " + t);
        }
        try {
            return p.getText();
        } catch (IOException e) {
            throw error("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** A Go {@code uint64}, returned in a {@code long} as unsigned; {@code null} reads as 0. */
    public long uint64() throws CorruptDataException {
        return unsigned(-1L);
    }

    /** A Go {@code uint32}; {@code null} reads as 0. */
    public long uint32() throws CorruptDataException {
        return unsigned(0xFFFF_FFFFL);
    }

    private long unsigned(long max) throws CorruptDataException {
        JsonToken t = next();
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw error("expected an unsigned integer but found " + t);
        }
        try {
            String text = p.getText();
            long v = Long.parseUnsignedLong(text);
            if (Long.compareUnsigned(v, max) > 0) {
                throw error("number " + text + " out of range");
            }
            return v;
        } catch (NumberFormatException e) {
            throw error("number out of range for an unsigned integer", e);
        } catch (IOException e) {
            throw error("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** A Go {@code time.Time}; {@code null} reads as {@link GoTime#ZERO}. */
    public OffsetDateTime time() throws CorruptDataException {
        JsonToken t = next();
        if (t == JsonToken.VALUE_NULL) {
            return GoTime.ZERO;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw error("expected a time string but found " + t);
        }
        try {
            return GoTime.parse(p.getText());
        } catch (DateTimeParseException e) {
            throw error("bad time: " + e.getMessage(), e);
        } catch (IOException e) {
            throw error("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** A Go {@code []byte} in base64; {@code null} reads as {@code null}. */
    public byte @Nullable [] bytes() throws CorruptDataException {
        JsonToken t = next();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw error("expected a base64 string but found " + t);
        }
        try {
            return Base64.getDecoder().decode(p.getText());
        } catch (IllegalArgumentException e) {
            throw error("bad base64: " + e.getMessage(), e);
        } catch (IOException e) {
            throw error("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** An id as 64 hex digits; {@code null} reads as {@code null}. */
    public @Nullable Id id() throws CorruptDataException {
        JsonToken t = next();
        return t == JsonToken.VALUE_NULL ? null : idAt(t);
    }

    private Id idAt(@Nullable JsonToken t) throws CorruptDataException {
        if (t != JsonToken.VALUE_STRING) {
            throw error("expected an id but found " + t);
        }
        try {
            return Id.parse(p.getText());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage() == null ? "bad id" : e.getMessage(), e);
        } catch (IOException e) {
            throw error("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** A list of ids; {@code null} reads as {@code null}, so that it stays distinct from an empty list. */
    public @Nullable List<Id> ids() throws CorruptDataException {
        if (!startArrayOrNull()) {
            return null;
        }
        List<Id> ids = new ArrayList<>();
        for (JsonToken t = next(); t != JsonToken.END_ARRAY; t = next()) {
            ids.add(idAt(t));
        }
        return ids;
    }

    /** A list of Go strings; {@code null} reads as {@code null}. */
    public @Nullable List<String> strings() throws CorruptDataException {
        if (!startArrayOrNull()) {
            return null;
        }
        List<String> list = new ArrayList<>();
        for (JsonToken t = next(); t != JsonToken.END_ARRAY; t = next()) {
            if (t == JsonToken.VALUE_NULL) {
                list.add("");
            } else if (t == JsonToken.VALUE_STRING) {
                try {
                    list.add(p.getText());
                } catch (IOException e) {
                    throw error("invalid JSON: " + e.getMessage(), e);
                }
            } else {
                throw error("expected a string but found " + t);
            }
        }
        return list;
    }

    /** The next value, whatever it is, as its exact bytes. */
    public RawJson raw() throws CorruptDataException {
        JsonToken t = next();
        if (t == null || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY || t == JsonToken.FIELD_NAME) {
            throw error("expected a value but found " + t);
        }
        long start = p.currentTokenLocation().getByteOffset();
        try {
            if (t.isStructStart()) {
                p.skipChildren();
            } else {
                p.finishToken();
            }
        } catch (IOException e) {
            throw error("invalid JSON: " + e.getMessage(), e);
        }
        long end = p.currentLocation().getByteOffset();
        if (start < 0 || end > input.length || end <= start) {
            throw error("cannot locate the value's bytes");
        }
        return RawJson.ofTrusted(Arrays.copyOfRange(input, (int) start, (int) end));
    }

    @Override
    public void close() {
        try {
            p.close();
        } catch (IOException e) {
            // a parser over a byte array has nothing to release
        }
    }
}
