package io.holdfast.format.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * User keys derived ahead of need. scrypt is most of a short command's work after the JVM's start: the command line
 * starts deriving the key of its repository's key files on another thread while it parses its arguments (design.md
 * §22), and {@link KeyFile#derive} takes the result, waiting for it if it is still being derived, instead of running
 * scrypt a second time. A result is the same function of the same inputs (password, salt, N, r, p), so taking it
 * changes nothing but the time; each is taken at most once, and at most {@value #KEPT} are kept.
 *
 * <p>Reading the key files takes the other thread a while on a cold JVM (their JSON parser's classes load then), and a
 * command that reached its own open first used to derive the key a second time, both threads on scrypt at once. So the
 * derivation is <em>announced</em> before the files are read ({@link #announce}); {@link #take} waits (at most
 * {@value #WAIT_MILLIS} ms) until every announced derivation has registered the keys it will derive.
 */
final class KeysAhead {
    static final int KEPT = 4;
    static final long WAIT_MILLIS = 5_000;

    /** One key being derived or derived; its future ends with null when it will not be derived after all. */
    static final class Entry {
        private final byte[] password;
        private final byte[] salt;
        private final int n;
        private final int r;
        private final int p;
        private final CompletableFuture<@Nullable MasterKey> key = new CompletableFuture<>();

        private Entry(byte[] password, byte[] salt, int n, int r, int p) {
            this.password = password;
            this.salt = salt;
            this.n = n;
            this.r = r;
            this.p = p;
        }

        private boolean matches(byte[] password, byte[] salt, int n, int r, int p) {
            return this.n == n
                    && this.r == r
                    && this.p == p
                    && Arrays.equals(this.salt, salt)
                    && Arrays.equals(this.password, password);
        }
    }

    private static final Deque<Entry> entries = new ArrayDeque<>();
    private static final List<CompletableFuture<Void>> announcements = new ArrayList<>();

    private KeysAhead() {}

    /**
     * Announces keys about to be registered: until {@link #announced} is called with the result, {@link #take} waits
     * before it looks for a key.
     */
    static CompletableFuture<Void> announce() {
        CompletableFuture<Void> announcement = new CompletableFuture<>();
        synchronized (entries) {
            announcements.add(announcement);
        }
        return announcement;
    }

    /** Ends an {@link #announce}ment: every key it announced is registered (or none will be). */
    static void announced(CompletableFuture<Void> announcement) {
        synchronized (entries) {
            announcements.remove(announcement);
        }
        announcement.complete(null);
    }

    /** Registers a key that this thread will {@link #derive} or {@link #drop}; a {@link #take} meanwhile waits for it. */
    static Entry register(String password, byte[] salt, int n, int r, int p) {
        Entry entry = new Entry(password.getBytes(StandardCharsets.UTF_8), salt.clone(), n, r, p);
        synchronized (entries) {
            if (entries.size() == KEPT) {
                entries.removeFirst().key.complete(null);
            }
            entries.addLast(entry);
        }
        return entry;
    }

    /** Derives a registered key on this thread and keeps it for one {@link #take}; returns it. */
    static MasterKey derive(Entry entry) {
        try {
            MasterKey key =
                    MasterKey.fromKdfOutput(Scrypt.derive(entry.password, entry.salt, entry.n, entry.r, entry.p, 64));
            entry.key.complete(key);
            return key;
        } catch (RuntimeException | Error e) {
            entry.key.completeExceptionally(e);
            throw e;
        }
    }

    /** Gives up a registered key that will not be derived: a {@link #take} of it derives the key itself. */
    static void drop(Entry entry) {
        synchronized (entries) {
            entries.remove(entry);
        }
        entry.key.complete(null);
    }

    /** Registers and derives the user key of {@code password} on this thread, for one {@link #take}; returns it. */
    static MasterKey derive(String password, byte[] salt, int n, int r, int p) {
        return derive(register(password, salt, n, r, p));
    }

    /**
     * The key derived ahead for these inputs, after waiting for announced derivations to register and for it if it is
     * still being derived, or null if none was (or its derivation failed or was dropped: the caller derives it
     * itself). It is no longer kept.
     */
    static @Nullable MasterKey take(String password, byte[] salt, int n, int r, int p) {
        List<CompletableFuture<Void>> pending;
        synchronized (entries) {
            pending = List.copyOf(announcements);
        }
        for (CompletableFuture<Void> announcement : pending) {
            try {
                announcement.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the announcing thread is stuck or failed: look among what it registered so far
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        Entry found = null;
        synchronized (entries) {
            for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (e.matches(pw, salt, n, r, p)) {
                    it.remove();
                    found = e;
                    break;
                }
            }
        }
        if (found == null) {
            return null;
        }
        try {
            return found.key.join();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** How many keys are kept (for tests). */
    static int kept() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
