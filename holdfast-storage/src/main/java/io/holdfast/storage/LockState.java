package io.holdfast.storage;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The lock on the current version of one object.
 *
 * @param mode the retention mode, or {@code null} when the object has no retention
 * @param retainUntil the end of its retention, or {@code null}
 * @param legalHold whether a legal hold is on
 */
public record LockState(@Nullable LockMode mode, @Nullable Instant retainUntil, boolean legalHold) {
    /** No retention and no legal hold. */
    public static final LockState NONE = new LockState(null, null, false);

    /** Whether the object cannot be deleted or overwritten at {@code now}: retained until later, or held. */
    public boolean lockedAt(Instant now) {
        Instant until = retainUntil;
        return legalHold || (until != null && until.isAfter(now));
    }
}
