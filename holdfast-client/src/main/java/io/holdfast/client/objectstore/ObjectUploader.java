package io.holdfast.client.objectstore;

import io.holdfast.engine.SnapshotFileSource;
import io.holdfast.format.tree.Node;
import io.holdfast.repository.Executors2;
import io.holdfast.repository.Repository;
import io.holdfast.storage.s3.S3Errors;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Writes files of a snapshot as objects, streamed from the repository blob by blob ({@link PartStream}), never a
 * whole file in memory: up to {@link #PART_SIZE} bytes with one {@code PutObject}, larger files as a multipart upload
 * whose parts go up in parallel. At most {@code concurrency} requests run at once, on virtual threads. Every body's
 * MD5 is compared with the ETag the server returns for it (where the ETag is an MD5: not with SSE-KMS); an object
 * that fails the comparison is deleted and the file reported.
 */
final class ObjectUploader implements AutoCloseable {
    /** The size of multipart parts, and the largest file sent in one request (as the AWS CLI's default). */
    static final long PART_SIZE = 8L << 20;

    private static final int MAX_PARTS = 10_000;

    private final S3Client client;
    private final String bucket;
    private final Repository repo;
    private final Semaphore permits;
    private final Semaphore files;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    ObjectUploader(S3Client client, String bucket, Repository repo, int concurrency) {
        this.client = client;
        this.bucket = bucket;
        this.repo = repo;
        this.permits = new Semaphore(concurrency);
        this.files = new Semaphore(2 * concurrency);
    }

    /** What an upload did: the bytes sent and whether the server's ETags confirmed them. */
    record Uploaded(long bytes, boolean verified) {}

    /**
     * Starts uploading {@code node}'s content (snapshot path {@code path}) as {@code key}; waits while twice {@code
     * concurrency} files are on their way, so that millions of files do not start millions of threads.
     */
    Future<Uploaded> upload(String key, String path, Node node, LongConsumer sent) throws IOException {
        try {
            files.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        try {
            return threads.submit(() -> {
                try {
                    SnapshotFileSource src = new SnapshotFileSource(repo, path, node);
                    String type = ObjectAttributes.contentType(node);
                    return src.size() <= PART_SIZE
                            ? put(key, src, type, sent)
                            : multipart(key, path, node, src.size(), type, sent);
                } finally {
                    files.release();
                }
            });
        } catch (RuntimeException e) {
            files.release();
            throw e;
        }
    }

    private Uploaded put(String key, SnapshotFileSource src, @Nullable String type, LongConsumer sent)
            throws IOException {
        PartStream.Provider body = new PartStream.Provider(src, 0, src.size());
        String etag = call(
                "PUT " + key,
                key,
                body,
                () -> client.putObject(
                                b -> {
                                    b.bucket(bucket).key(key).contentLength(src.size());
                                    if (type != null) {
                                        b.contentType(type);
                                    }
                                },
                                RequestBody.fromContentProvider(body, src.size(), mime(type)))
                        .eTag());
        sent.accept(src.size());
        return new Uploaded(src.size(), verify(key, key, etag, body, true));
    }

    private Uploaded multipart(String key, String path, Node node, long size, @Nullable String type, LongConsumer sent)
            throws IOException {
        long part = Math.max(PART_SIZE, ((size + MAX_PARTS - 1) / MAX_PARTS + (1 << 20) - 1) & -(1L << 20));
        String id = call(
                "CreateMultipartUpload " + key,
                key,
                null,
                () -> client.createMultipartUpload(b -> {
                            b.bucket(bucket).key(key);
                            if (type != null) {
                                b.contentType(type);
                            }
                        })
                        .uploadId());
        try {
            java.util.concurrent.atomic.AtomicBoolean verified = new java.util.concurrent.atomic.AtomicBoolean(true);
            List<Future<CompletedPart>> parts = new ArrayList<>();
            for (long from = 0; from < size; from += part) {
                int number = parts.size() + 1;
                long start = from;
                long end = Math.min(size, from + part);
                parts.add(threads.submit(() -> uploadPart(
                        key, id, number, new SnapshotFileSource(repo, path, node), start, end, sent, verified)));
            }
            List<CompletedPart> done = new ArrayList<>(parts.size());
            for (Future<CompletedPart> f : parts) {
                done.add(Executors2.await(f));
            }
            call(
                    "CompleteMultipartUpload " + key,
                    key,
                    null,
                    () -> client.completeMultipartUpload(
                            b -> b.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(done))));
            return new Uploaded(size, verified.get());
        } catch (IOException | RuntimeException e) {
            try {
                permits.acquireUninterruptibly();
                client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id));
            } catch (SdkException ignored) {
                // the upload's parts expire with the bucket's lifecycle rules; the failure is what matters
            } finally {
                permits.release();
            }
            throw e;
        }
    }

    private CompletedPart uploadPart(
            String key,
            String id,
            int number,
            SnapshotFileSource src,
            long from,
            long to,
            LongConsumer sent,
            java.util.concurrent.atomic.AtomicBoolean verified)
            throws IOException {
        PartStream.Provider body = new PartStream.Provider(src, from, to);
        String etag = call(
                "UploadPart " + key + " #" + number,
                key,
                body,
                () -> client.uploadPart(
                                b -> b.bucket(bucket)
                                        .key(key)
                                        .uploadId(id)
                                        .partNumber(number)
                                        .contentLength(to - from),
                                RequestBody.fromContentProvider(body, to - from, "application/octet-stream"))
                        .eTag());
        if (!verify(key, key + " (part " + number + ")", etag, body, false)) {
            verified.set(false);
        }
        sent.accept(to - from);
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    /**
     * Whether the server's {@code etag} is the MD5 of what {@code body} sent; false when the ETag is no MD5. A
     * mismatch fails, deleting a whole object ({@code whole}) first so that no damaged copy stays.
     */
    private boolean verify(String key, String what, @Nullable String etag, PartStream.Provider body, boolean whole)
            throws IOException {
        String e = ObjectEntry.unquoted(etag);
        if (!e.matches("[0-9a-fA-F]{32}")) {
            return false;
        }
        String md5 = body.md5();
        if (e.equalsIgnoreCase(md5)) {
            return true;
        }
        if (whole) {
            call(
                    "DELETE " + key,
                    key,
                    null,
                    () -> client.deleteObject(b -> b.bucket(bucket).key(key)));
        }
        throw new IOException(what + ": the server's ETag " + e + " is not the MD5 of the data sent (" + md5
                + "); the upload was damaged on the way");
    }

    /**
     * One request, holding a permit; the SDK's failures as one-line {@link IOException}s, or what reading {@code
     * body} from the repository threw when that was the cause.
     */
    private <T> T call(String what, String key, PartStream.@Nullable Provider body, Request<T> request)
            throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        try {
            return request.run();
        } catch (SdkException e) {
            IOException read = body == null ? null : body.failure();
            throw read != null ? read : S3Errors.map(what, bucket + "/" + key, e);
        } finally {
            permits.release();
        }
    }

    private static String mime(@Nullable String type) {
        return type == null ? "application/octet-stream" : type;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    @FunctionalInterface
    private interface Request<T> {
        T run() throws IOException;
    }
}
