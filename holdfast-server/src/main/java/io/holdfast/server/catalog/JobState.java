package io.holdfast.server.catalog;

import java.util.Locale;

/** queued → running → succeeded | partial | failed | cancelled | interrupted. */
public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    /** Finished, but some files could not be read (backup) or some objects not written (restore). */
    PARTIAL,
    FAILED,
    CANCELLED,
    /** The server stopped while the job ran; a retry is queued. */
    INTERRUPTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }

    public static JobState parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
