package io.holdfast.cli;

import java.util.Locale;

/** restic's compression modes for data written to a version 2 repository. */
public enum CompressionMode {
    /** Store blobs uncompressed. */
    OFF,
    /** zstd at its fastest level. */
    FASTEST,
    /** zstd at the default level: restic's default. */
    AUTO,
    /** zstd at its best level. */
    MAX;

    /** Parses {@code off}, {@code fastest}, {@code auto} or {@code max}, ignoring case. */
    public static CompressionMode parse(String value) {
        for (CompressionMode mode : values()) {
            if (mode.name().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException(
                "invalid compression mode '" + value + "' (expected off, fastest, auto or max)");
    }

    /** The name as written on the command line. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
