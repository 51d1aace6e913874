package io.holdfast.storage;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Names one file in a backend: its type and its name. The name of every file but the config is the lower-case hex
 * SHA-256 of its stored bytes; the config's name is empty.
 *
 * @param type the file's type
 * @param name the file's name, empty for {@link FileType#CONFIG}
 */
public record Handle(FileType type, String name) {

    /** The handle of the config file. */
    public static final Handle CONFIG = new Handle(FileType.CONFIG, "");

    public Handle {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (type == FileType.CONFIG != name.isEmpty()) {
            throw new IllegalArgumentException("the config file has no name; every other file has one: " + name);
        }
        if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid file name: " + name);
        }
    }

    // equality and hash written out: a record's are bound through ObjectMethods on first use, classes spun at
    // start-up that no AOT cache holds (design.md §22)
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Handle h && type == h.type && name.equals(h.name);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + type.ordinal();
    }

    /** The path of this file relative to the repository root, with {@code /} as separator. */
    public String path() {
        return switch (type) {
            case CONFIG -> "config";
            case PACK -> "data/" + name.substring(0, Math.min(2, name.length())) + "/" + name;
            default -> type.directory() + "/" + name;
        };
    }

    @Override
    public String toString() {
        return path();
    }
}
