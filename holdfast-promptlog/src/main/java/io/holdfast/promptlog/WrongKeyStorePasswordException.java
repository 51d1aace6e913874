package io.holdfast.promptlog;

import java.io.IOException;

/** The key store's password is wrong (or the file was altered). */
public final class WrongKeyStorePasswordException extends IOException {
    private static final long serialVersionUID = 1L;

    public WrongKeyStorePasswordException() {
        super("wrong password for the key store (or the key store file is damaged)");
    }
}
