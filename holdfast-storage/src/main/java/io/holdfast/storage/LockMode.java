package io.holdfast.storage;

import java.util.Locale;

/**
 * S3 Object Lock retention modes. In {@link #COMPLIANCE} mode nobody, the bucket's owner included, can delete a
 * locked object version or shorten its lock before it ends; in {@link #GOVERNANCE} mode only a principal allowed to
 * bypass governance retention (and asking to) can.
 */
public enum LockMode {
    GOVERNANCE,
    COMPLIANCE;

    /** The mode named {@code text} ({@code compliance} or {@code governance}, any case). */
    public static LockMode parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "compliance" -> COMPLIANCE;
            case "governance" -> GOVERNANCE;
            default ->
                throw new IllegalArgumentException(
                        "object lock mode must be compliance or governance, not '" + text + "'");
        };
    }

    /** The lower-case name used in the repository config and on the command line. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
