package io.holdfast.promptlog;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How to read a JSONL prompt log. Defaults in {@link #DEFAULTS}.
 *
 * @param subject JSON pointer of the subject id (the person a record is about), e.g. {@code /user_id}; a string or
 *     number
 * @param timestamp JSON pointer of the record's time, or null; recorded per subject in the subject index
 * @param personal JSON pointers of the personal fields; empty means the whole record. The subject field is always
 *     personal. Other fields stay in clear inside the envelope
 * @param onBadRecord skip or fail on bad lines
 * @param maxRecordBytes longest line accepted; longer lines are bad records
 * @param compressionLevel zstd level of the per-record compression
 */
public record PromptLogOptions(
        String subject,
        @Nullable String timestamp,
        List<String> personal,
        BadRecordPolicy onBadRecord,
        int maxRecordBytes,
        int compressionLevel) {

    public static final PromptLogOptions DEFAULTS =
            new PromptLogOptions("/user_id", null, List.of(), BadRecordPolicy.FAIL, 16 << 20, 6);

    public PromptLogOptions {
        personal = List.copyOf(personal);
        for (String p : personal) {
            checkPointer(p);
        }
        checkPointer(subject);
        if (timestamp != null) {
            checkPointer(timestamp);
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("max record size must be positive");
        }
        if (compressionLevel < 1 || compressionLevel > 22) {
            throw new IllegalArgumentException("zstd level must be 1 to 22");
        }
    }

    private static void checkPointer(String p) {
        if (p.isEmpty() || !p.startsWith("/")) {
            throw new IllegalArgumentException("'" + p + "' is not a JSON pointer to a field (like /user_id)");
        }
    }

    public PromptLogOptions withSubject(String s) {
        return new PromptLogOptions(s, timestamp, personal, onBadRecord, maxRecordBytes, compressionLevel);
    }

    public PromptLogOptions withTimestamp(@Nullable String t) {
        return new PromptLogOptions(subject, t, personal, onBadRecord, maxRecordBytes, compressionLevel);
    }

    public PromptLogOptions withPersonal(List<String> p) {
        return new PromptLogOptions(subject, timestamp, p, onBadRecord, maxRecordBytes, compressionLevel);
    }

    public PromptLogOptions withOnBadRecord(BadRecordPolicy b) {
        return new PromptLogOptions(subject, timestamp, personal, b, maxRecordBytes, compressionLevel);
    }

    public PromptLogOptions withMaxRecordBytes(int m) {
        return new PromptLogOptions(subject, timestamp, personal, onBadRecord, m, compressionLevel);
    }
}
