package io.holdfast.promptlog;

/**
 * A line of the source log that was left out of the envelope.
 *
 * @param line the line number, from 1
 * @param bytes the line's length in bytes, without its newline
 * @param reason why, e.g. {@code malformed JSON: ...} or {@code no subject at /user_id}
 */
public record BadRecord(long line, long bytes, String reason) {
    @Override
    public String toString() {
        return "line " + line + " (" + bytes + " bytes): " + reason;
    }
}
