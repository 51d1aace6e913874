package io.holdfast.client.objectstore;

import io.holdfast.format.tree.ExtendedAttribute;
import io.holdfast.format.tree.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a file node of an object-store snapshot records about its object beyond size and time, as extended attributes
 * (restic keeps them in its trees, restores them as root where the file system takes {@code user.} attributes, and
 * ignores their meaning): {@code user.holdfast.s3.etag}, the ETag without quotes, by which the next backup knows the
 * object unchanged, and {@code user.holdfast.s3.content-type}, the object's content type when it is not the default,
 * which a restore to a bucket sets again. Holdfast's own restore to local files leaves {@code user.holdfast.}
 * attributes out.
 */
final class ObjectAttributes {
    static final String ETAG = "user.holdfast.s3.etag";
    static final String CONTENT_TYPE = "user.holdfast.s3.content-type";

    private ObjectAttributes() {}

    /** The attributes of an object with {@code etag} and {@code contentType} (null or a default one: none). */
    static List<ExtendedAttribute> of(String etag, @Nullable String contentType) {
        List<ExtendedAttribute> out = new ArrayList<>(2);
        if (contentType != null && !isDefault(contentType)) {
            out.add(ExtendedAttribute.of(CONTENT_TYPE, contentType.getBytes(StandardCharsets.UTF_8)));
        }
        out.add(ExtendedAttribute.of(ETAG, etag.getBytes(StandardCharsets.UTF_8)));
        return out; // in name order
    }

    /** The ETag recorded on {@code node}, or null. */
    static @Nullable String etag(Node node) {
        return value(node, ETAG);
    }

    /** The content type recorded on {@code node}, or null. */
    static @Nullable String contentType(Node node) {
        return value(node, CONTENT_TYPE);
    }

    private static @Nullable String value(Node node, String name) {
        for (ExtendedAttribute a : node.extendedAttributes()) {
            if (a.name().equals(name)) {
                return new String(a.value(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static boolean isDefault(String contentType) {
        String t = contentType.strip();
        return t.isEmpty()
                || t.equalsIgnoreCase("binary/octet-stream")
                || t.equalsIgnoreCase("application/octet-stream");
    }
}
