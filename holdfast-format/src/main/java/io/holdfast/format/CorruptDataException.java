package io.holdfast.format;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Stored data failed a check: a MAC, a hash, a length, a header or a parse. Carries the name of the object (pack,
 * blob, file) that is damaged so messages can say what to repair.
 */
public class CorruptDataException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String object;

    public CorruptDataException(String object, String message) {
        super(object + ": " + message);
        this.object = object;
    }

    public CorruptDataException(String object, String message, @Nullable Throwable cause) {
        super(object + ": " + message, cause);
        this.object = object;
    }

    /** The damaged object, e.g. {@code pack 1a2b...} or {@code snapshots/3c4d...}. */
    public String object() {
        return object;
    }
}
