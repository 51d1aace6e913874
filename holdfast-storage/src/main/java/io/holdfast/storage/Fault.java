package io.holdfast.storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link FaultInjectingBackend} does to a call a rule strikes. Immutable.
 *
 * @param kind the kind of fault
 * @param delay how long a {@link Kind#LATENCY} fault waits; zero for other kinds
 */
public record Fault(Kind kind, Duration delay) {

    /** The kinds of faults. */
    public enum Kind {
        /** Fails without doing anything, with an {@link IOException} worth retrying, like a dropped connection. */
        TRANSIENT,
        /**
         * Fails without doing anything, with an {@link AccessDeniedException}, which retrying does not cure.
         * {@link RetryingBackend#isPermanent} says so.
         */
        PERMANENT,
        /** Fails without doing anything, with an {@link IOException} saying "No space left on device". */
        FULL_DISK,
        /**
         * For saves: fails as if the connection broke partway through the upload. Nothing becomes visible, as the
         * backend's atomicity promises. Retrying is worthwhile.
         */
        SHORT_WRITE,
        /**
         * Does the operation and then fails with a transient {@link IOException}, like a reply lost on the way back:
         * the caller cannot tell whether the operation happened.
         */
        FAIL_AFTER_SUCCESS,
        /** Waits for {@link #delay} and then does the operation normally. */
        LATENCY,
        /** For loads: flips one bit of the returned bytes (the stored file is untouched), like silent corruption. */
        BIT_FLIP
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(delay, "delay");
        if (kind == Kind.LATENCY ? delay.isNegative() : !delay.isZero()) {
            throw new IllegalArgumentException("only latency faults have a delay, and not a negative one: " + delay);
        }
    }

    /** A {@link Kind#TRANSIENT} fault. */
    public static Fault transientError() {
        return new Fault(Kind.TRANSIENT, Duration.ZERO);
    }

    /** A {@link Kind#PERMANENT} fault. */
    public static Fault permanentError() {
        return new Fault(Kind.PERMANENT, Duration.ZERO);
    }

    /** A {@link Kind#FULL_DISK} fault. */
    public static Fault fullDisk() {
        return new Fault(Kind.FULL_DISK, Duration.ZERO);
    }

    /** A {@link Kind#SHORT_WRITE} fault, for saves only. */
    public static Fault shortWrite() {
        return new Fault(Kind.SHORT_WRITE, Duration.ZERO);
    }

    /** A {@link Kind#FAIL_AFTER_SUCCESS} fault. */
    public static Fault failAfterSuccess() {
        return new Fault(Kind.FAIL_AFTER_SUCCESS, Duration.ZERO);
    }

    /** A {@link Kind#LATENCY} fault: a spike of {@code delay} before the operation. */
    public static Fault latency(Duration delay) {
        return new Fault(Kind.LATENCY, delay);
    }

    /** A {@link Kind#BIT_FLIP} fault, for loads only. */
    public static Fault bitFlip() {
        return new Fault(Kind.BIT_FLIP, Duration.ZERO);
    }

    /**
     * The exception this fault throws for the call described by {@code what}, such as {@code "save keys/ab"}, on the
     * file or directory {@code path}.
     */
    IOException exception(String what, String path) {
        return switch (kind) {
            case PERMANENT -> new AccessDeniedException(path); // as the JDK reports EACCES: no reason of its own
            case FULL_DISK -> new IOException(what + ": No space left on device (injected fault)");
            case SHORT_WRITE -> new IOException(what + ": injected short write: the connection broke partway");
            default -> new IOException(what + ": injected transient fault");
        };
    }
}
