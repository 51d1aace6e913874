package io.holdfast.client;

import io.holdfast.repository.LockFailedException;
import io.holdfast.repository.Repository;
import io.holdfast.repository.RepositoryLock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;

/**
 * Takes a repository lock, waiting for a conflicting lock to go away for up to a given time, like restic 0.16's
 * {@code --retry-lock}. Without a wait it fails at once, which is Holdfast's default: a backup that meets prune's
 * exclusive lock exits with code 11 rather than hang in a cron job.
 */
final class LockRetry {
    /** The pause after the first failed attempt; it doubles up to {@link #MAX_PAUSE}. */
    static final Duration FIRST_PAUSE = Duration.ofMillis(500);

    static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private LockRetry() {}

    /**
     * Acquires the lock, retrying while it conflicts until {@code wait} has passed; the last attempt is made at the
     * deadline.
     *
     * @throws LockFailedException if the lock still conflicts after {@code wait}
     */
    static RepositoryLock acquire(Repository repo, boolean exclusive, Clock clock, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                return RepositoryLock.acquire(repo, exclusive, clock);
            } catch (LockFailedException e) {
                long left = deadline - System.nanoTime();
                if (wait.isZero()) {
                    throw e;
                }
                if (left <= 0) {
                    throw new LockFailedException(e.getMessage() + " (gave up after waiting " + seconds(wait) + ")");
                }
                sleep(Duration.ofNanos(Math.min(pause.toNanos(), left)));
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** {@code 2s}, {@code 0.5s}, {@code 300s}. */
    static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + "s";
    }

    private static void sleep(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the repository lock");
        }
    }
}
