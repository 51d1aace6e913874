package io.holdfast.promptlog;

import java.io.IOException;

/** An envelope file is damaged or of an unknown version; names the file and the byte offset of the bad frame. */
public final class EnvelopeException extends IOException {
    private static final long serialVersionUID = 1L;

    public EnvelopeException(String source, long offset, String message) {
        super(source + ": envelope at byte " + offset + ": " + message);
    }
}
