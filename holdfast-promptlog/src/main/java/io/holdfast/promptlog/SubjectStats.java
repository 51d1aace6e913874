package io.holdfast.promptlog;

import org.jspecify.annotations.Nullable;

/**
 * What one backup saw of one subject.
 *
 * @param records records of the subject
 * @param first the earliest timestamp field value, as text (null without a timestamp field)
 * @param last the latest timestamp field value
 */
public record SubjectStats(
        long records, @Nullable String first, @Nullable String last) {
    SubjectStats add(@Nullable String ts) {
        if (ts == null) {
            return new SubjectStats(records + 1, first, last);
        }
        String f = first == null || ts.compareTo(first) < 0 ? ts : first;
        String l = last == null || ts.compareTo(last) > 0 ? ts : last;
        return new SubjectStats(records + 1, f, l);
    }
}
