package io.holdfast.format.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * User keys derived ahead of need. scrypt is most of a short command's work after the JVM's start: the command line
 * starts deriving the key of its repository's key files on another thread while it parses its arguments (design.md
 * §22), and {@link KeyFile#derive} takes the result, waiting for it if it is still being derived, instead of running
 * scrypt a second time. A result is the same function of the same inputs (password, salt, N, r, p), so taking it
 * changes nothing but the time; each is taken at most once, and at most {@value #KEPT} are kept.
 */
final class KeysAhead {
    static final int KEPT = 4;

    private record Entry(byte[] password, byte[] salt, int n, int r, int p, CompletableFuture<MasterKey> key) {
        boolean matches(byte[] password, byte[] salt, int n, int r, int p) {
            return this.n == n
                    && this.r == r
                    && this.p == p
                    && Arrays.equals(this.salt, salt)
                    && Arrays.equals(this.password, password);
        }
    }

    private static final Deque<Entry> entries = new ArrayDeque<>();

    private KeysAhead() {}

    /** Derives the user key of {@code password} on this thread and keeps it for one {@link #take}; returns it. */
    static MasterKey derive(String password, byte[] salt, int n, int r, int p) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        Entry entry = new Entry(pw, salt.clone(), n, r, p, new CompletableFuture<>());
        synchronized (entries) {
            if (entries.size() == KEPT) {
                entries.removeFirst();
            }
            entries.addLast(entry);
        }
        try {
            MasterKey key = MasterKey.fromKdfOutput(Scrypt.derive(pw, salt, n, r, p, 64));
            entry.key().complete(key);
            return key;
        } catch (RuntimeException | Error e) {
            entry.key().completeExceptionally(e);
            throw e;
        }
    }

    /**
     * The key derived ahead for these inputs, after waiting for it if it is still being derived, or null if none was
     * (or its derivation failed: the caller derives it itself). It is no longer kept.
     */
    static @Nullable MasterKey take(String password, byte[] salt, int n, int r, int p) {
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
            return found.key().join();
        } catch (CompletionException e) {
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
