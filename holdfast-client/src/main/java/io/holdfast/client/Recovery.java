package io.holdfast.client;

import io.holdfast.repository.Repository;
import io.holdfast.repository.RepositoryOptions;
import io.holdfast.storage.Backend;
import io.holdfast.storage.ObjectLocking;
import io.holdfast.storage.PermanentStorageException;
import io.holdfast.storage.RetentionRule;
import io.holdfast.storage.RetryingBackend;
import io.holdfast.storage.VersionHistory;
import java.io.IOException;
import java.time.Instant;

/**
 * Recovery from a versioned bucket after files were deleted or overwritten (docs/design.md §2.4): the repository as
 * it was at a time ({@code --as-of}), and making that state current again ({@code repair undelete}).
 */
public final class Recovery {
    private Recovery() {}

    /**
     * A read-only view of {@code current} as it was at {@code time}, with retries; closing it closes {@code current}.
     *
     * @throws PermanentStorageException if the storage keeps no earlier versions
     */
    public static Backend asOf(Backend current, Instant time) throws IOException {
        VersionHistory history = history(current);
        return RetryingBackend.wrap(history.asOf(time));
    }

    /** Opens the repository as it was at {@code time}, read-only and without a lock. */
    public static Holdfast open(
            String location,
            java.util.Map<String, String> env,
            String password,
            RepositoryOptions options,
            Instant time)
            throws IOException {
        Backend current = Backends.open(location, env);
        Backend view;
        try {
            view = asOf(current, time);
        } catch (IOException | RuntimeException e) {
            current.close();
            throw e;
        }
        return Holdfast.open(view, password, options, true);
    }

    /**
     * Makes the repository at {@code location} as it was at {@code time} current again. The password must open the
     * repository as it was then; files written since are locked by the repository's rule as they are restored.
     * Takes no lock: the current repository may have no config to lock; run it when nothing else uses the
     * repository.
     */
    public static Undeleted undelete(String location, String password, Instant time, boolean removeNewer)
            throws IOException {
        try (Backend current = Backends.open(location)) {
            VersionHistory history = history(current);
            RetentionRule rule;
            // a second connection for the view: closing the view's repository closes the backend it came from
            try (Repository then =
                    Repository.open(asOf(Backends.open(location), time), password, RepositoryOptions.DEFAULTS)) {
                rule = then.retentionRule();
            }
            if (rule != null) {
                current.feature(ObjectLocking.class).ifPresent(l -> l.retainNewObjects(rule));
            }
            VersionHistory.UndeleteResult r = history.undelete(time, removeNewer);
            return new Undeleted(r.unchanged(), r.undeleted(), r.reverted(), r.newer(), r.newerRemoved());
        }
    }

    /**
     * What {@code repair undelete} did.
     *
     * @param unchanged files already as they were
     * @param undeleted deleted files brought back
     * @param reverted overwritten files given their old content again
     * @param newer files created after the time; kept, or hidden when asked
     * @param newerRemoved whether the newer files were hidden
     */
    public record Undeleted(long unchanged, long undeleted, long reverted, long newer, boolean newerRemoved) {}

    private static VersionHistory history(Backend current) throws PermanentStorageException {
        return current.feature(VersionHistory.class)
                .orElseThrow(() -> new PermanentStorageException(current.location()
                        + " keeps no earlier versions of its files: --as-of and repair undelete need a versioned"
                        + " S3 bucket"));
    }
}
