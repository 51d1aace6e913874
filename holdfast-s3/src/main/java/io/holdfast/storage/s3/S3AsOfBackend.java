package io.holdfast.storage.s3;

import io.holdfast.storage.Backend;
import io.holdfast.storage.BackendProperties;
import io.holdfast.storage.FileInfo;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import io.holdfast.storage.PermanentStorageException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A read-only repository as it was at a time, from the object versions of a versioned bucket ({@link
 * S3Versions#asOf}). Closing it closes the backend it came from.
 */
final class S3AsOfBackend implements Backend {
    private final S3Backend current;
    private final S3Client client;
    private final S3Location location;
    private final Instant time;
    private final Map<Handle, S3Versions.Entry> view;

    S3AsOfBackend(
            S3Backend current, S3Client client, S3Location location, Instant time, Map<Handle, S3Versions.Entry> view) {
        this.current = current;
        this.client = client;
        this.location = location;
        this.time = time;
        this.view = Map.copyOf(view);
    }

    @Override
    public String location() {
        return current.location() + " as of " + time;
    }

    @Override
    public BackendProperties properties() {
        return current.properties();
    }

    @Override
    public void save(Handle handle, ByteBuffer data) throws IOException {
        throw readOnly("write " + handle);
    }

    @Override
    public void remove(Handle handle) throws IOException {
        throw readOnly("remove " + handle);
    }

    @Override
    public void create() throws IOException {
        throw readOnly("create a repository");
    }

    private PermanentStorageException readOnly(String what) {
        return new PermanentStorageException("cannot " + what + ": the repository as of " + time
                + " is read-only (to make that state current, run 'holdfast repair undelete --as-of " + time + "')");
    }

    private S3Versions.Entry entry(Handle handle) throws NoSuchFileException {
        S3Versions.Entry e = view.get(handle);
        if (e == null) {
            throw new NoSuchFileException(handle.path(), null, "no such object as of " + time);
        }
        return e;
    }

    @Override
    public byte[] load(Handle handle, long offset, int length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        S3Versions.Entry e = entry(handle);
        long end = length < 0 ? e.size() : offset + length;
        if (end > e.size() || offset > e.size()) {
            throw new EOFException(handle.path() + ": " + e.size() + " bytes, " + offset + ".." + end + " asked for");
        }
        if (end == offset) {
            return new byte[0];
        }
        return get(client, location, handle, e.versionId(), "bytes=" + offset + "-" + (end - 1));
    }

    /** One version's bytes in {@code range}. */
    static byte[] get(S3Client client, S3Location location, Handle handle, String versionId, String range)
            throws IOException {
        String key = location.key(handle.path());
        try {
            return client.getObjectAsBytes(b -> b.bucket(location.bucket())
                            .key(key)
                            .versionId(versionId)
                            .range(range))
                    .asByteArrayUnsafe();
        } catch (SdkException e) {
            throw S3Errors.map("GET " + key + " version " + versionId, location.bucket() + "/" + key, e);
        }
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        return new FileInfo(handle, entry(handle).size());
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) {
        view.forEach((h, e) -> {
            if (h.type() == type) {
                consumer.accept(new FileInfo(h, e.size()));
            }
        });
    }

    @Override
    public void close() {
        current.close();
    }
}
