package io.holdfast.promptlog;

import java.util.List;
import java.util.Map;

/**
 * What {@link EnvelopeWriter} did with a log.
 *
 * @param lines lines read
 * @param records records enveloped
 * @param bytesIn bytes of the log read
 * @param bytesOut bytes of envelope written
 * @param badRecords bad lines left out (under {@link BadRecordPolicy#SKIP}); the first 1,000 are listed
 * @param badCount all bad lines
 * @param erasedSkipped lines of subjects that were erased before, left out
 * @param subjects records per subject hash
 */
public record EncodeResult(
        long lines,
        long records,
        long bytesIn,
        long bytesOut,
        List<BadRecord> badRecords,
        long badCount,
        long erasedSkipped,
        Map<String, SubjectStats> subjects) {
    public static final int MAX_LISTED = 1000;

    public EncodeResult {
        badRecords = List.copyOf(badRecords);
        subjects = Map.copyOf(subjects);
    }
}
