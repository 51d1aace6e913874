package io.holdfast.format.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import io.holdfast.format.Id;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;

/**
 * Writes compact JSON byte-for-byte as Go's {@code encoding/json} {@code Marshal} does, on a Jackson
 * {@link JsonGenerator}. The generator handles structure; string contents are escaped with Go's rules (see
 * {@link GoEscaper}): HTML characters and U+2028/U+2029 escaped, control characters as lower-case Unicode escapes,
 * invalid UTF-8 replaced byte by byte with an escaped U+FFFD. Not thread-safe; use one writer per document.
 */
public final class GoJsonWriter {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final ByteArrayOutputStream out;
    private final JsonGenerator gen;
    private final GoEscaper esc = new GoEscaper();

    /** A writer with room for {@code sizeHint} bytes before it grows. */
    public GoJsonWriter(int sizeHint) {
        out = new ByteArrayOutputStream(sizeHint);
        try {
            gen = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A field name escaped once with Go's rules, for fast repeated writing. */
    public static SerializableString name(String name) {
        return new GoFieldName(name, new GoEscaper().escape(name).toBytes());
    }

    public GoJsonWriter startObject() {
        try {
            gen.writeStartObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public GoJsonWriter endObject() {
        try {
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public GoJsonWriter startArray() {
        try {
            gen.writeStartArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public GoJsonWriter endArray() {
        try {
            gen.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Starts a field with a prepared name. */
    public GoJsonWriter field(SerializableString name) {
        try {
            gen.writeFieldName(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Starts a field whose name is escaped with Go's rules. */
    public GoJsonWriter field(String name) {
        return field(name(name));
    }

    /** A string value given as a Java string; a lone surrogate counts as invalid UTF-8. */
    public GoJsonWriter string(String s) {
        esc.reset().escape(s);
        return plain(esc.buf, esc.len);
    }

    /** A string value given as a Go string, i.e. arbitrary bytes that are usually UTF-8. */
    public GoJsonWriter string(byte[] s) {
        esc.reset().escape(s);
        return plain(esc.buf, esc.len);
    }

    /** A string value known to be ASCII needing no escapes (hex, base64, times). */
    private GoJsonWriter plain(byte[] ascii, int length) {
        try {
            gen.writeRawUTF8String(ascii, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A number from a Go unsigned integer held in a {@code long}. */
    public GoJsonWriter unsigned(long v) {
        try {
            if (v >= 0) {
                gen.writeNumber(v);
            } else {
                gen.writeNumber(Long.toUnsignedString(v));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public GoJsonWriter nullValue() {
        try {
            gen.writeNull();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A Go {@code []byte}: standard base64 with padding. */
    public GoJsonWriter bytes(byte[] v) {
        byte[] b64 = Base64.getEncoder().encode(v);
        return plain(b64, b64.length);
    }

    /** An id as 64 hex digits. */
    public GoJsonWriter id(Id id) {
        byte[] hex = id.hex().getBytes(StandardCharsets.US_ASCII);
        return plain(hex, hex.length);
    }

    /** A Go {@code time.Time}; see {@link GoTime#format}. */
    public GoJsonWriter time(OffsetDateTime t) {
        esc.reset().ensure(GoTime.MAX_LENGTH);
        int n = GoTime.formatTo(t, esc.buf, 0);
        return plain(esc.buf, n);
    }

    /** A value copied verbatim. */
    public GoJsonWriter raw(RawJson json) {
        try {
            gen.writeRawValue(json.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Ends the document and returns its bytes, followed by {@code "\n"} if {@code newline}. */
    public byte[] finish(boolean newline) {
        try {
            gen.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (newline) {
            out.write('\n');
        }
        return out.toByteArray();
    }
}
