package io.holdfast.repository;

import io.holdfast.format.Id;
import io.holdfast.format.LockFile;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A lock on a repository, with restic's protocol so that Holdfast and restic processes respect each other: a lock is
 * a file in {@code locks/}; exclusive locks (prune, forget, key changes) conflict with every other lock, shared locks
 * (backup, check, restore) only with exclusive ones. A lock is stale when it was not refreshed for 30 minutes, or
 * when its process is gone on this host. Held locks are refreshed every 5 minutes by a daemon thread.
 */
public final class RepositoryLock implements AutoCloseable {
    static final Duration STALE_AFTER = Duration.ofMinutes(30);
    static final Duration REFRESH_EVERY = Duration.ofMinutes(5);

    private final Repository repo;
    private final boolean exclusive;
    private final Clock clock;
    private final ScheduledExecutorService refresher;
    private volatile Id current;

    private RepositoryLock(Repository repo, boolean exclusive, Clock clock, Id current) {
        this.repo = repo;
        this.exclusive = exclusive;
        this.clock = clock;
        this.current = current;
        this.refresher = Executors.newSingleThreadScheduledExecutor(Executors2.named("holdfast-lock-refresh"));
        long every = REFRESH_EVERY.toSeconds();
        refresher.scheduleAtFixedRate(this::refreshQuietly, every, every, TimeUnit.SECONDS);
    }

    /**
     * Takes a lock.
     *
     * @throws LockFailedException if a conflicting, non-stale lock exists
     */
    public static RepositoryLock acquire(Repository repo, boolean exclusive, Clock clock) throws IOException {
        Id myId = null;
        LockFile mine = newLock(exclusive, clock);
        try {
            String conflict = findConflict(repo, exclusive, clock, null);
            if (conflict != null) {
                throw new LockFailedException(conflict);
            }
            myId = repo.saveJson(FileType.LOCK, mine.toJson());
            conflict = findConflict(repo, exclusive, clock, myId);
            if (conflict != null) {
                throw new LockFailedException(conflict);
            }
            return new RepositoryLock(repo, exclusive, clock, myId);
        } catch (IOException | RuntimeException e) {
            if (myId != null) {
                removeQuietly(repo, myId);
            }
            throw e;
        }
    }

    /** A lock's file and id, as listed. */
    public record Held(Id id, LockFile lock) {}

    /** All lock files that can be read. */
    public static List<Held> list(Repository repo) throws IOException {
        List<Held> out = new ArrayList<>();
        for (Id id : repo.list(FileType.LOCK)) {
            try {
                out.add(new Held(id, LockFile.parse(repo.loadJson(FileType.LOCK, id), "locks/" + id.hex())));
            } catch (NoSuchFileException e) {
                // released meanwhile
            }
        }
        return out;
    }

    /** Whether a lock is stale at {@code now}. */
    public static boolean isStale(LockFile lock, Clock clock) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (lock.time().plus(STALE_AFTER).isBefore(now)) {
            return true;
        }
        if (lock.hostname().equals(Keys.hostname()) && lock.pid() > 0) {
            return ProcessHandle.of(lock.pid()).map(p -> !p.isAlive()).orElse(true);
        }
        return false;
    }

    /** Removes stale locks (all locks if {@code all}); returns how many were removed. */
    public static int unlock(Repository repo, boolean all, Clock clock) throws IOException {
        int n = 0;
        for (Held h : list(repo)) {
            if (all || isStale(h.lock(), clock)) {
                removeQuietly(repo, h.id());
                n++;
            }
        }
        return n;
    }

    private static @Nullable String findConflict(Repository repo, boolean exclusive, Clock clock, @Nullable Id mine)
            throws IOException {
        for (Held h : list(repo)) {
            if (h.id().equals(mine) || isStale(h.lock(), clock)) {
                continue;
            }
            if (exclusive || h.lock().exclusive()) {
                LockFile l = h.lock();
                return "repository is already locked " + (l.exclusive() ? "exclusively " : "") + "by PID " + l.pid()
                        + " on " + l.hostname() + " by " + l.username() + " since " + l.time() + " (lock "
                        + h.id().shortHex() + "); wait for it to finish, or run 'holdfast unlock' if it is gone";
            }
        }
        return null;
    }

    private static LockFile newLock(boolean exclusive, Clock clock) {
        long uid = 0;
        long gid = 0;
        try {
            com.sun.security.auth.module.UnixSystem u = new com.sun.security.auth.module.UnixSystem();
            uid = u.getUid();
            gid = u.getGid();
        } catch (RuntimeException | LinkageError e) {
            // not a Unix system: leave 0
        }
        return new LockFile(
                OffsetDateTime.now(clock),
                exclusive,
                Keys.hostname(),
                System.getProperty("user.name", ""),
                ProcessHandle.current().pid(),
                uid,
                gid);
    }

    /** Writes a fresh lock file and removes the previous one. */
    public synchronized void refresh() throws IOException {
        Id old = current;
        current = repo.saveJson(FileType.LOCK, newLock(exclusive, clock).toJson());
        removeQuietly(repo, old);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (IOException | RuntimeException e) {
            System.err.println("warning: could not refresh the repository lock: " + e.getMessage());
        }
    }

    public boolean exclusive() {
        return exclusive;
    }

    private static void removeQuietly(Repository repo, Id id) {
        try {
            repo.backend().remove(new Handle(FileType.LOCK, id.hex()));
        } catch (IOException e) {
            // already gone or unreachable; a stale lock is cleaned by 'unlock'
        }
    }

    @Override
    public synchronized void close() {
        refresher.shutdownNow();
        removeQuietly(repo, current);
    }
}
