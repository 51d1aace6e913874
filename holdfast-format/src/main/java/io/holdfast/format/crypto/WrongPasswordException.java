package io.holdfast.format.crypto;

import java.io.IOException;

/** The password given opens none of the repository's keys. */
public class WrongPasswordException extends IOException {
    private static final long serialVersionUID = 1L;

    public WrongPasswordException() {
        super("wrong password or no key found");
    }
}
