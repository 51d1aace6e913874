package io.holdfast.format.tree;

import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** An extended attribute of a node: a name and a binary value (stored in JSON as base64). Immutable. */
public final class ExtendedAttribute {
    private final String name;
    private final byte[] value;

    private ExtendedAttribute(String name, byte[] value) {
        this.name = name;
        this.value = value;
    }

    /** An attribute; the value is copied. */
    public static ExtendedAttribute of(String name, byte[] value) {
        return new ExtendedAttribute(name, value.clone());
    }

    /** The attribute's name, e.g. {@code user.mime_type}. */
    public String name() {
        return name;
    }

    /** A copy of the value. */
    public byte[] value() {
        return value.clone();
    }

    byte[] valueNoCopy() {
        return value;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ExtendedAttribute other && name.equals(other.name) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return name + "=" + HexFormat.of().formatHex(value);
    }
}
