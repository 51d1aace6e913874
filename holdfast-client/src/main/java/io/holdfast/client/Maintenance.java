package io.holdfast.client;

import io.holdfast.repository.Repository;
import java.io.IOException;

/**
 * Runs maintenance operations (prune, repair) with an empty in-memory index, which they load themselves from the
 * index files, and empties it again afterwards: they rewrite the index files, so what was loaded before is stale.
 */
final class Maintenance {
    private Maintenance() {}

    /** An operation that may fail with an IOException. */
    @FunctionalInterface
    interface Operation<T> {
        T run() throws IOException;
    }

    static <T> T withFreshIndex(Repository repo, Operation<T> op, Runnable afterReset) throws IOException {
        repo.index().clear();
        afterReset.run();
        try {
            return op.run();
        } finally {
            repo.index().clear();
            afterReset.run();
        }
    }
}
