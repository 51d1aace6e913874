package io.holdfast.repository;

import java.io.IOException;

/**
 * The repository could not be locked: another process holds a conflicting lock, or this user cannot write the lock
 * file (a read-only repository).
 */
public class LockFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public LockFailedException(String message) {
        super(message);
    }

    public LockFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
