package io.holdfast.format;

/** The two kinds of blob: file content and serialized trees. A v2 pack holds blobs of one kind only. */
public enum BlobType {
    DATA("data"),
    TREE("tree");

    private final String jsonName;

    BlobType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in index files. */
    public String jsonName() {
        return jsonName;
    }

    /** Parses an index file's type name. */
    public static BlobType ofJson(String name) {
        return switch (name) {
            case "data" -> DATA;
            case "tree" -> TREE;
            default -> throw new IllegalArgumentException("unknown blob type '" + name + "'");
        };
    }
}
