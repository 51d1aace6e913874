package io.holdfast.storage;

import java.io.IOException;

/**
 * A failure of the storage that a retry cannot mend, such as a request the server rejects as malformed or a
 * bucket that does not exist: the retrying decorator passes it on at once.
 */
public class PermanentStorageException extends IOException {
    private static final long serialVersionUID = 1L;

    public PermanentStorageException(String message) {
        super(message);
    }

    public PermanentStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
