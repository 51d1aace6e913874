package io.holdfast.promptlog;

/** What to do with a line that cannot be enveloped: malformed JSON, no subject, or longer than the limit. */
public enum BadRecordPolicy {
    /** Leave the line out of the envelope and report it with its line number. */
    SKIP,
    /** Stop at the first bad line; no snapshot is written. */
    FAIL
}
