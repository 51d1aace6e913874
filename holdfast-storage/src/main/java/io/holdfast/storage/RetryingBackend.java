package io.holdfast.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A decorator that retries the operations of another backend when they fail with a transient {@link IOException},
 * waiting between attempts with exponential backoff and jitter. Permanent failures ({@link #isPermanent}) are thrown at
 * once. When the last attempt fails, its exception is thrown with the earlier ones attached as suppressed.
 *
 * <p>Retrying is made safe where an attempt may have succeeded although it reported failure:
 *
 * <ul>
 *   <li>Before retrying a save, the file is stat'ed; if it is there with the size being saved, the earlier attempt
 *       succeeded (saves are atomic) and so does the save. With another size, it is {@link FileAlreadyExistsException}.
 *   <li>A remove that finds no file after an earlier attempt failed counts as done.
 *   <li>A list that is retried reports each file once only.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class RetryingBackend implements Backend {
    /** Attempts per operation unless configured. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** The wait after the first failed attempt unless configured; it doubles with each further attempt. */
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(500);
    /** The longest wait between attempts unless configured. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);

    private static final List<String> PERMANENT_MESSAGES = List.of(
            "No space left on device", "ENOSPC", "Disk quota exceeded", "EDQUOT", "Read-only file system", "EROFS");

    @FunctionalInterface
    private interface Attempt<T> {
        T run(int attempt) throws IOException;
    }

    @FunctionalInterface
    private interface Action {
        void run(int attempt) throws IOException;
    }

    private final Backend delegate;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;
    private final Random random;

    private RetryingBackend(Builder builder) {
        this.delegate = builder.delegate;
        this.maxAttempts = builder.maxAttempts;
        this.baseDelay = builder.baseDelay;
        this.maxDelay = builder.maxDelay;
        this.sleeper = builder.sleeper;
        this.random = builder.random;
    }

    /** Wraps {@code delegate} with the default configuration. */
    public static RetryingBackend wrap(Backend delegate) {
        return builder(delegate).build();
    }

    /** Starts configuring retries for {@code delegate}. */
    public static Builder builder(Backend delegate) {
        return new Builder(delegate);
    }

    /**
     * Whether retrying cannot help with {@code e}: a missing file ({@link NoSuchFileException}), an existing one
     * ({@link FileAlreadyExistsException}), a refusal ({@link AccessDeniedException}), a file shorter than asked for
     * ({@link EOFException}), a {@link PermanentStorageException}, an interrupt (but not a {@link SocketTimeoutException}, which is an {@link
     * InterruptedIOException} too), or a full disk, exceeded quota or read-only filesystem, which the JDK
     * reports only in the message, of the exception or of one of its causes.
     */
    public static boolean isPermanent(IOException e) {
        if (e instanceof NoSuchFileException
                || e instanceof FileAlreadyExistsException
                || e instanceof AccessDeniedException
                || e instanceof EOFException
                || e instanceof PermanentStorageException
                || (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException))
                || e instanceof ClosedByInterruptException) {
            return true;
        }
        Throwable t = e;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && PERMANENT_MESSAGES.stream().anyMatch(message::contains)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public <T> java.util.Optional<T> feature(Class<T> type) {
        return type.isInstance(this) ? java.util.Optional.of(type.cast(this)) : delegate.feature(type);
    }

    @Override
    public BackendProperties properties() {
        return delegate.properties();
    }

    @Override
    public void save(Handle handle, ByteBuffer data) throws IOException {
        save(handle, data, false);
    }

    @Override
    public void saveData(Handle handle, ByteBuffer data) throws IOException {
        save(handle, data, true);
    }

    private void save(Handle handle, ByteBuffer data, boolean dataPack) throws IOException {
        long size = data.remaining();
        run("save " + handle, attempt -> {
            if (attempt == 1 || !savedAlready(handle, size)) {
                if (dataPack) {
                    delegate.saveData(handle, data.duplicate());
                } else {
                    delegate.save(handle, data.duplicate());
                }
            }
        });
    }

    private boolean savedAlready(Handle handle, long size) throws IOException {
        FileInfo info;
        try {
            info = delegate.stat(handle);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (info.size() != size) {
            throw new FileAlreadyExistsException(
                    handle.path(), null, "exists with " + info.size() + " bytes, not the " + size + " being saved");
        }
        return true;
    }

    @Override
    public byte[] load(Handle handle, long offset, int length) throws IOException {
        return retry("load " + handle, attempt -> delegate.load(handle, offset, length));
    }

    @Override
    public void loadInto(Handle handle, long offset, int length, byte[] dst) throws IOException {
        retry("load " + handle, attempt -> {
            delegate.loadInto(handle, offset, length, dst);
            return dst;
        });
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        return retry("stat " + handle, attempt -> delegate.stat(handle));
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) throws IOException {
        Set<Handle> listed = ConcurrentHashMap.newKeySet();
        run(
                "list " + type.directory(),
                attempt -> delegate.list(type, info -> {
                    if (listed.add(info.handle())) {
                        consumer.accept(info);
                    }
                }));
    }

    @Override
    public void remove(Handle handle) throws IOException {
        run("remove " + handle, attempt -> {
            try {
                delegate.remove(handle);
            } catch (NoSuchFileException e) {
                if (attempt == 1) {
                    throw e;
                }
                // an earlier attempt removed it and failed to say so
            }
        });
    }

    @Override
    public boolean exists() throws IOException {
        return retry("exists", attempt -> delegate.exists());
    }

    @Override
    public void create() throws IOException {
        run("create", attempt -> delegate.create());
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public String toString() {
        return "RetryingBackend[" + delegate + "]";
    }

    private void run(String what, Action action) throws IOException {
        retry(what, attempt -> {
            action.run(attempt);
            return Boolean.TRUE;
        });
    }

    @SuppressWarnings("ReferenceEquality") // an exception must not suppress itself
    private <T> T retry(String what, Attempt<T> operation) throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.run(attempt);
            } catch (IOException e) {
                if (isPermanent(e) || attempt >= maxAttempts) {
                    for (IOException earlier : failures) {
                        if (earlier != e) {
                            e.addSuppressed(earlier);
                        }
                    }
                    throw e;
                }
                failures.add(e);
                pause(attempt, what, e);
            }
        }
    }

    /** Waits after the {@code attempt}-th failure: base × 2^(attempt−1), at most the maximum, less up to half. */
    private void pause(int attempt, String what, IOException failure) throws InterruptedIOException {
        double full = Math.min(baseDelay.toNanos() * Math.pow(2, attempt - 1), (double) maxDelay.toNanos());
        Duration delay = Duration.ofNanos((long) (full * (0.5 + 0.5 * random.nextDouble())));
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted =
                    new InterruptedIOException("interrupted while waiting to retry " + what);
            interrupted.addSuppressed(failure);
            throw interrupted;
        }
    }

    /** Configures a {@link RetryingBackend}. */
    public static final class Builder {
        private final Backend delegate;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration baseDelay = DEFAULT_BASE_DELAY;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Random random = new Random();

        private Builder(Backend delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /** How many times an operation is tried in all, at least 1; {@value #DEFAULT_MAX_ATTEMPTS} unless set. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("at least one attempt, not " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The wait after the first failure, before jitter; it doubles with every further failure. */
        public Builder baseDelay(Duration baseDelay) {
            if (baseDelay.isNegative()) {
                throw new IllegalArgumentException("negative delay " + baseDelay);
            }
            this.baseDelay = baseDelay;
            return this;
        }

        /** The longest wait between attempts, before jitter. */
        public Builder maxDelay(Duration maxDelay) {
            if (maxDelay.isNegative()) {
                throw new IllegalArgumentException("negative delay " + maxDelay);
            }
            this.maxDelay = maxDelay;
            return this;
        }

        /** How to wait; {@link Sleeper#SYSTEM} unless set. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Seeds the jitter, for reproducible waits in tests; unseeded unless set. */
        public Builder seed(long seed) {
            this.random = new Random(seed);
            return this;
        }

        /** A backend with this configuration. */
        public RetryingBackend build() {
            return new RetryingBackend(this);
        }
    }
}
