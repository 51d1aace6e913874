package io.holdfast.promptlog;

import org.jspecify.annotations.Nullable;

/**
 * One line of the subject index: a snapshot and file that hold records of a subject.
 *
 * @param subjectHash the subject's keyed hash
 * @param snapshot the snapshot id (64 hex digits)
 * @param path the file's path in the snapshot
 * @param records records of the subject in that file
 * @param first earliest timestamp value of those records, or null
 * @param last latest timestamp value, or null
 */
public record SubjectIndexEntry(
        String subjectHash,
        String snapshot,
        String path,
        long records,
        @Nullable String first,
        @Nullable String last) {}
