package io.holdfast.client.objectstore;

import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.SourceContext;
import io.holdfast.format.tree.Node;
import io.holdfast.storage.PermanentStorageException;
import io.holdfast.storage.s3.S3Errors;
import io.holdfast.storage.s3.S3Location;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Fetches objects and stores their content, each {@code GET}'s body streamed into {@link SourceContext#store} (never
 * held whole), on virtual threads with at most {@code concurrency} requests at once. The node describes what the
 * {@code GET} returned (its ETag, length and time), so an object replaced between listing and fetching is recorded as
 * fetched. An object that cannot be fetched (deleted meanwhile, refused) is reported through the progress and left
 * out; a body cut off mid-way is fetched again, up to {@link #ATTEMPTS} times. Failures to store are fatal.
 */
final class ObjectFetcher implements AutoCloseable {
    static final int ATTEMPTS = 3;
    static final int FILE_MODE = 0644;

    private final S3Client client;
    private final S3Location location;
    private final SourceContext ctx;
    private final Semaphore permits;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    ObjectFetcher(S3Client client, S3Location location, SourceContext ctx, int concurrency) {
        this.client = client;
        this.location = location;
        this.ctx = ctx;
        this.permits = new Semaphore(concurrency);
    }

    /**
     * Starts fetching {@code e}; the future gives its file node, named {@code name} at snapshot path {@code path}, or
     * null when it was left out. Waits while {@code concurrency} fetches run, so that a listing of millions of objects
     * does not start millions of threads.
     */
    Future<@Nullable Node> submit(ObjectEntry e, String name, String path, @Nullable Node old) throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        try {
            return threads.submit(() -> {
                try {
                    return fetch(e, name, path, old);
                } finally {
                    permits.release();
                }
            });
        } catch (RuntimeException x) {
            permits.release();
            throw x;
        }
    }

    /** A node for an empty object, which needs no request: the listing says all there is. */
    Node empty(ObjectEntry e, String name, String path, @Nullable Node old) {
        ctx.counted(path, old == null ? BackupProgress.FileStatus.NEW : BackupProgress.FileStatus.CHANGED, 0);
        return node(name, new SourceContext.Content(List.of(), 0), e.etag(), e.lastModified(), null);
    }

    private @Nullable Node fetch(ObjectEntry e, String name, String path, @Nullable Node old) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(e.key(), name, path, old);
            } catch (SdkException x) {
                IOException m = S3Errors.map("GET " + e.key(), location.bucket() + "/" + e.key(), x);
                if (attempt >= ATTEMPTS || permanent(m)) {
                    ctx.progress().error(path, new IOException(path + ": cannot fetch the object: " + reason(m)));
                    return null;
                }
            } catch (BodyFailure x) {
                if (attempt >= ATTEMPTS) {
                    ctx.progress()
                            .error(
                                    path,
                                    new IOException(
                                            path + ": the object's data was cut off " + ATTEMPTS + " times ("
                                                    + x.getMessage() + ")",
                                            x));
                    return null;
                }
            }
            pause(attempt);
        }
    }

    private Node once(String key, String name, String path, @Nullable Node old) throws IOException {
        ResponseInputStream<GetObjectResponse> in =
                client.getObject(b -> b.bucket(location.bucket()).key(key));
        boolean complete = false;
        try {
            GetObjectResponse r = in.response();
            SourceContext.Content c = ctx.store(new Guarded(in));
            Long expected = r.contentLength();
            if (expected != null && c.size() != expected) {
                throw new BodyFailure("read " + c.size() + " of " + expected + " bytes", new java.io.EOFException(key));
            }
            complete = true;
            ctx.counted(path, old == null ? BackupProgress.FileStatus.NEW : BackupProgress.FileStatus.CHANGED, 0);
            return node(name, c, ObjectEntry.unquoted(r.eTag()), r.lastModified(), r.contentType());
        } finally {
            if (!complete) {
                in.abort(); // do not read the rest of a body we no longer want
            }
            in.close();
        }
    }

    private Node node(
            String name,
            SourceContext.Content c,
            String etag,
            @Nullable Instant lastModified,
            @Nullable String contentType) {
        Instant t =
                lastModified == null ? Instant.EPOCH : lastModified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return ctx.fileNode(name, c, FILE_MODE, OffsetDateTime.ofInstant(t, ZoneOffset.UTC)).toBuilder()
                .extendedAttributes(ObjectAttributes.of(etag, contentType))
                .build();
    }

    private static boolean permanent(IOException e) {
        return e instanceof PermanentStorageException
                || e instanceof NoSuchFileException
                || e instanceof AccessDeniedException;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return "it was deleted during the backup (" + n.getReason() + ")";
        }
        if (e instanceof AccessDeniedException a) {
            return String.valueOf(a.getReason());
        }
        return String.valueOf(e.getMessage());
    }

    private static void pause(int attempt) throws InterruptedIOException {
        try {
            Thread.sleep(250L << attempt);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** A failure reading an object's body (as opposed to storing it), which fetching again may mend. */
    private static final class BodyFailure extends IOException {
        private static final long serialVersionUID = 1L;

        BodyFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The body, with its read failures marked as {@link BodyFailure}s. */
    private static final class Guarded extends FilterInputStream {
        Guarded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw marked(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw marked(e);
            }
        }

        private static IOException marked(IOException e) {
            if (e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)) {
                return e; // the backup is being stopped: no second attempt
            }
            return new BodyFailure(String.valueOf(e.getMessage()), e);
        }
    }
}
