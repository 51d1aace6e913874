package io.holdfast.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The SHA-256 of a log file's first bytes, computed on a thread of its own from when the command starts, before it is
 * known how many bytes are wanted: a resumed prompt-log backup (docs/design.md §17.3) learns the length from its
 * checkpoint, which it reads only once the key store is open, and hashing the ~200 MB up to it took 0.17–0.2 s after
 * that, at SHA-256's speed on one core. Started first, the hashing runs while the repository's and the key store's
 * keys are derived.
 *
 * <p>The thread hashes from the start in blocks of 1 MiB, up to the file's length when it started, and keeps the
 * digest's state at every MiB (further apart in a log of over 1 GiB: about a thousand states at most); {@link #upTo} sets how far
 * it needs to go, waits for it, and if the thread has already passed that point continues from the last state kept
 * before it. Not for logs that are rewritten rather
 * than appended to while the command runs: those fail the caller's comparison with the checkpoint, as with a digest
 * computed later.
 */
public final class LogPrefixDigest implements AutoCloseable {
    static final int BLOCK = 1 << 20;
    /** Most whole intervals between kept digest states (a state is ~0.5 KB): past 1 GiB they are further apart. */
    static final int MAX_BOUNDARIES = 1024;

    private final Path file;
    private final Thread thread;
    /** The digest after {@code i * every} bytes, at index {@code i}. Guarded by {@code this}. */
    private final List<MessageDigest> boundaries = new ArrayList<>();
    /** Bytes between two kept states: {@link #interval} of the file's length. Guarded by {@code this}. */
    private long every = BLOCK;

    private long target = Long.MAX_VALUE;
    /** Bytes hashed so far; -1 until the thread has opened the file. */
    private long hashed = -1;

    private long size = -1;
    private @Nullable MessageDigest current;
    private boolean finished;
    private @Nullable IOException failure;
    private boolean closed;

    private LogPrefixDigest(Path file) {
        this.file = file;
        this.thread = Thread.ofPlatform().daemon().name("holdfast-log-digest").unstarted(this::run);
    }

    /** Starts hashing {@code file} from its first byte. */
    public static LogPrefixDigest start(Path file) {
        LogPrefixDigest d = new LogPrefixDigest(file);
        d.thread.start();
        return d;
    }

    /**
     * The digest of the file's first {@code bytes} bytes, to be continued by the caller (a copy of its own), or null if
     * the file had fewer bytes when hashing started.
     *
     * @throws IOException if the file could not be read
     */
    public @Nullable MessageDigest upTo(long bytes) throws IOException {
        if (bytes < 0) {
            throw new IllegalArgumentException("a negative length: " + bytes);
        }
        MessageDigest from;
        long at;
        synchronized (this) {
            target = bytes;
            notifyAll();
            try {
                while (!finished && hashed < bytes) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while hashing " + file);
            }
            IOException f = failure;
            if (f != null) {
                throw new IOException(f.getMessage(), f);
            }
            if (size < bytes) {
                return null;
            }
            MessageDigest here = current;
            if (here != null && hashed <= bytes) {
                if (hashed == bytes) {
                    return copy(here);
                }
                // the thread stopped short of it (at a point named before): the rest from there, here
                from = copy(here);
                at = hashed;
            } else {
                // the thread went past the point before it was named: from the kept state before it, here
                int boundary = Math.toIntExact(bytes / every);
                from = copy(boundaries.get(boundary));
                at = boundary * every;
            }
        }
        try (FileChannel ch = FileChannel.open(file)) {
            hash(ch, from, at, bytes, ByteBuffer.allocate(BLOCK));
        }
        return from;
    }

    /** Stops the thread (at its next block) without waiting for it. */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    private void run() {
        MessageDigest d = sha256();
        try (FileChannel ch = FileChannel.open(file)) {
            long length = ch.size();
            long interval = interval(length);
            ByteBuffer buf = ByteBuffer.allocate(BLOCK);
            long pos = 0;
            synchronized (this) {
                size = length;
                every = interval;
                boundaries.add(copy(d));
            }
            while (true) {
                long stop;
                synchronized (this) {
                    hashed = pos;
                    current = d;
                    notifyAll();
                    stop = Math.min(target, length);
                    if (closed || pos >= stop) {
                        break;
                    }
                    current = null;
                }
                long end = Math.min(stop, (pos / BLOCK + 1) * BLOCK);
                hash(ch, d, pos, end, buf);
                pos = end;
                if (pos % interval == 0) {
                    MessageDigest boundary = copy(d);
                    synchronized (this) {
                        boundaries.add(boundary);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                failure = e instanceof IOException io
                        ? io
                        : new IOException("cannot hash " + file + ": " + e.getMessage(), e);
            }
        } finally {
            synchronized (this) {
                finished = true;
                notifyAll();
            }
        }
    }

    /** Bytes between two kept states for a file of {@code length} bytes: 1 MiB, doubled until it fits 1,024 times. */
    static long interval(long length) {
        long every = BLOCK;
        while (length / every > MAX_BOUNDARIES) {
            every *= 2;
        }
        return every;
    }

    /** Adds bytes {@code from} to {@code to} of {@code ch} to {@code d}. */
    private static void hash(FileChannel ch, MessageDigest d, long from, long to, ByteBuffer buf) throws IOException {
        long pos = from;
        while (pos < to) {
            buf.clear().limit((int) Math.min(buf.capacity(), to - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException(ch + " ended while it was hashed: was the log truncated?");
            }
            buf.flip();
            d.update(buf);
            pos += n;
        }
    }

    private static MessageDigest copy(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
