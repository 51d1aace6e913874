package io.holdfast.format.json;

import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A field name whose escaped form follows Go's rules rather than Jackson's. Immutable. */
final class GoFieldName implements SerializableString {
    private final String value;
    private final byte[] escaped;

    GoFieldName(String value, byte[] escaped) {
        this.value = value;
        this.escaped = escaped;
    }

    @Override
    public String getValue() {
        return value;
    }

    @Override
    public int charLength() {
        return value.length();
    }

    @Override
    public char[] asQuotedChars() {
        return new String(escaped, StandardCharsets.UTF_8).toCharArray();
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] asQuotedUTF8() {
        return escaped.clone();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        return append(escaped, buffer, offset);
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        char[] chars = asQuotedChars();
        if (offset + chars.length > buffer.length) {
            return -1;
        }
        System.arraycopy(chars, 0, buffer, offset, chars.length);
        return chars.length;
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        return append(asUnquotedUTF8(), buffer, offset);
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        if (offset + value.length() > buffer.length) {
            return -1;
        }
        value.getChars(0, value.length(), buffer, offset);
        return value.length();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        out.write(escaped);
        return escaped.length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        byte[] b = asUnquotedUTF8();
        out.write(b);
        return b.length;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        return put(escaped, buffer);
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        return put(asUnquotedUTF8(), buffer);
    }

    private static int append(byte[] src, byte[] buffer, int offset) {
        if (offset + src.length > buffer.length) {
            return -1;
        }
        System.arraycopy(src, 0, buffer, offset, src.length);
        return src.length;
    }

    private static int put(byte[] src, ByteBuffer buffer) {
        if (src.length > buffer.remaining()) {
            return -1;
        }
        buffer.put(src);
        return src.length;
    }

    @Override
    public String toString() {
        return value;
    }
}
