package io.holdfast.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One JSON value kept as its exact bytes, e.g. a field this version does not model (restic's snapshot
 * {@code summary}, a node's {@code generic_attributes}, or a field a later restic adds). Writing it back reproduces
 * the bytes that were read, so rewriting an object loses nothing. Immutable.
 */
public final class RawJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final byte[] json;

    private RawJson(byte[] json) {
        this.json = json;
    }

    /** Bytes known to hold one JSON value, e.g. sliced out of a document the parser accepted. */
    static RawJson ofTrusted(byte[] json) {
        return new RawJson(json);
    }

    /**
     * Checks that {@code json} is exactly one JSON value and keeps it.
     *
     * @throws IllegalArgumentException if it is not
     */
    public static RawJson of(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try (JsonParser p = FACTORY.createParser(bytes)) {
            if (p.nextToken() == null) {
                throw new IllegalArgumentException("empty JSON");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        return new RawJson(bytes);
    }

    /** A copy of the UTF-8 bytes. */
    public byte[] bytes() {
        return json.clone();
    }

    /** The number of bytes. */
    public int length() {
        return json.length;
    }

    byte[] bytesNoCopy() {
        return json;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof RawJson other && Arrays.equals(json, other.json);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(json);
    }

    /** The JSON text. */
    @Override
    public String toString() {
        return new String(json, StandardCharsets.UTF_8);
    }
}
