package io.holdfast.storage;

import java.io.IOException;
import java.time.Instant;

/**
 * Earlier versions of the files of a backend that keeps them (a versioned S3 bucket), found with {@link
 * Backend#feature(Class)}: deleting or overwriting a file there only hides its earlier versions.
 */
public interface VersionHistory {
    /**
     * A read-only view of the backend as it was at {@code time}: each file as its newest version written at or before
     * then, files deleted before then absent. Saving or removing through the view fails.
     */
    Backend asOf(Instant time) throws IOException;

    /**
     * Makes every file as it was at {@code time} current again: a file deleted since is brought back, a file
     * overwritten since gets its old content as a new version (locked under {@link ObjectLocking#retention()} when
     * set). Lock files are left alone. Files created after {@code time} are kept, unless {@code removeNewer}, which
     * hides them behind delete markers (their versions stay).
     */
    UndeleteResult undelete(Instant time, boolean removeNewer) throws IOException;

    /**
     * What {@link #undelete} did.
     *
     * @param unchanged files already current as they were
     * @param undeleted deleted files brought back
     * @param reverted overwritten files given their old content again
     * @param newer files created after the time; kept, or hidden when asked to remove them
     * @param newerRemoved whether the newer files were hidden
     */
    record UndeleteResult(long unchanged, long undeleted, long reverted, long newer, boolean newerRemoved) {}
}
