package io.holdfast.repository;

import java.io.IOException;

/** The repository is locked by another process in a way that conflicts with the requested lock. */
public class LockFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public LockFailedException(String message) {
        super(message);
    }
}
