package io.holdfast.promptlog;

import java.io.IOException;

/** A bad line under {@link BadRecordPolicy#FAIL}: names the line, so nothing is lost silently. */
public final class BadRecordException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient BadRecord record;

    public BadRecordException(String source, BadRecord record) {
        super(source + ": " + record + " (use --on-bad-record skip to leave such lines out and report them)");
        this.record = record;
    }

    public BadRecord record() {
        return record;
    }
}
