package io.holdfast.storage.s3;

import io.holdfast.storage.Backend;
import io.holdfast.storage.BackendProperties;
import io.holdfast.storage.FileInfo;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import io.holdfast.storage.ObjectLocking;
import io.holdfast.storage.VersionHistory;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A repository in an S3 bucket, under a key prefix, with restic's object layout ({@code config}, {@code keys/ID},
 * {@code data/AB/ABCD...}, ...), so restic reads it as its own. Objects are written once: an existing name is refused
 * (a {@code HEAD} first, and {@code If-None-Match: *} where the server honours it), every upload carries its
 * {@code Content-MD5} (the server rejects a body that arrived damaged; Object Lock requires it), and reads are
 * ranged {@code GET}s. Thread-safe; {@link S3Settings#connections()} requests run at once.
 */
public final class S3Backend implements Backend {
    private final S3Location location;
    private final S3Client client;
    private final BackendProperties properties;
    private final S3ObjectLock lock;
    private final S3Versions versions;

    private final @Nullable String dataStorageClass;

    S3Backend(S3Location location, S3Client client, int connections, @Nullable String dataStorageClass, Clock clock) {
        this.location = location;
        this.dataStorageClass = dataStorageClass;
        this.client = client;
        this.properties = new BackendProperties(connections, false);
        this.lock = new S3ObjectLock(this, client, location.bucket(), clock);
        this.versions = new S3Versions(this, client, location);
    }

    /** Object Lock ({@link ObjectLocking}) and object versions ({@link VersionHistory}) besides the plain backend. */
    @Override
    public <T> Optional<T> feature(Class<T> type) {
        if (type == ObjectLocking.class) {
            return Optional.of(type.cast(lock));
        }
        if (type == VersionHistory.class) {
            return Optional.of(type.cast(versions));
        }
        return Backend.super.feature(type);
    }

    @Override
    public String location() {
        return location.toString();
    }

    @Override
    public BackendProperties properties() {
        return properties;
    }

    /** {@code bucket/key}, for messages. */
    private String where(String key) {
        return location.bucket() + "/" + key;
    }

    String key(Handle h) {
        return location.key(h.path());
    }

    @Override
    public void save(Handle handle, ByteBuffer data) throws IOException {
        put(handle, data, true, null);
    }

    /** Stores a pack of file contents in the data storage class, when one is set. */
    @Override
    public void saveData(Handle handle, ByteBuffer data) throws IOException {
        put(handle, data, true, dataStorageClass);
    }

    /**
     * Uploads {@code data} as the object's new current version, retained as {@link ObjectLocking#retainNewObjects}
     * says; {@code writeOnce} refuses an existing object.
     */
    void put(Handle handle, ByteBuffer data, boolean writeOnce, @Nullable String storageClass) throws IOException {
        String key = key(handle);
        if (writeOnce && head(key) != null) {
            throw new FileAlreadyExistsException(key, null, "object exists already");
        }
        ByteBuffer body = data.asReadOnlyBuffer();
        String md5 = md5(body.duplicate());
        try {
            client.putObject(
                    b -> {
                        b.bucket(location.bucket())
                                .key(key)
                                .contentLength((long) body.remaining())
                                .contentMD5(md5);
                        if (writeOnce) {
                            b.ifNoneMatch("*");
                        }
                        if (storageClass != null) {
                            b.storageClass(storageClass);
                        }
                        lock.onUpload(handle, b);
                    },
                    RequestBody.fromRemainingByteBuffer(body));
        } catch (SdkException e) {
            throw S3Errors.map("PUT " + key, where(key), e);
        }
    }

    @Override
    public byte[] load(Handle handle, long offset, int length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        String key = key(handle);
        if (length == 0) {
            long size = stat(handle).size();
            if (offset > size) {
                throw new EOFException(key + ": offset " + offset + " beyond the object's " + size + " bytes");
            }
            return new byte[0];
        }
        String range = "bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1));
        try (ResponseInputStream<GetObjectResponse> in =
                client.getObject(b -> b.bucket(location.bucket()).key(key).range(range))) {
            // read straight into an array of the answer's size: one copy, not the SDK's two
            Long size = in.response().contentLength();
            if (size == null || size > Integer.MAX_VALUE - 16) {
                return in.readAllBytes();
            }
            byte[] bytes = new byte[size.intValue()];
            int n = 0;
            while (n < bytes.length) { // large reads go straight from the socket into the array
                int r = in.read(bytes, n, bytes.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            if (n < bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, n);
            }
            if (length >= 0 && bytes.length < length) {
                throw new EOFException(
                        key + ": " + bytes.length + " bytes at offset " + offset + ", " + length + " asked for");
            }
            return bytes;
        } catch (SdkException e) {
            IOException io = S3Errors.map("GET " + key + " " + range, where(key), e);
            if (io instanceof EOFException && length < 0 && stat(handle).size() == offset) {
                return new byte[0]; // reading to the end, from the end
            }
            throw io;
        }
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        String key = key(handle);
        HeadObjectResponse h = head(key);
        if (h == null) {
            throw new NoSuchFileException(key, null, "no such object");
        }
        return new FileInfo(handle, h.contentLength());
    }

    /** The file's metadata, or {@code null} when there is no such file. */
    @Nullable
    HeadObjectResponse head(Handle handle) throws IOException {
        return head(key(handle));
    }

    /** The object's metadata, or {@code null} when there is no such object. */
    private @Nullable HeadObjectResponse head(String key) throws IOException {
        try {
            return client.headObject(b -> b.bucket(location.bucket()).key(key));
        } catch (SdkException e) {
            IOException io = S3Errors.map("HEAD " + key, where(key), e);
            if (io instanceof NoSuchFileException) {
                return null;
            }
            throw io;
        }
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) throws IOException {
        if (type == FileType.CONFIG) {
            HeadObjectResponse h = head(key(Handle.CONFIG));
            if (h != null) {
                consumer.accept(new FileInfo(Handle.CONFIG, h.contentLength()));
            }
            return;
        }
        String prefix = location.key(type.directory()) + "/";
        try {
            for (S3Object o : client.listObjectsV2Paginator(
                            b -> b.bucket(location.bucket()).prefix(prefix))
                    .contents()) {
                String name = o.key().substring(o.key().lastIndexOf('/') + 1);
                if (name.isEmpty()) {
                    continue; // a "directory" placeholder some tools create
                }
                Handle h = new Handle(type, name);
                if (key(h).equals(o.key())) { // data/AB/ABCD... only: nothing at another depth
                    consumer.accept(new FileInfo(h, o.size()));
                }
            }
        } catch (SdkException e) {
            IOException io = S3Errors.map("LIST " + prefix, where(prefix), e);
            if (!(io instanceof NoSuchFileException)) { // no bucket: nothing to list
                throw io;
            }
        }
    }

    @Override
    public void remove(Handle handle) throws IOException {
        String key = key(handle);
        HeadObjectResponse h = head(key);
        if (h == null) {
            throw new NoSuchFileException(key, null, "no such object");
        }
        // A lock file's version goes for good; in a versioned bucket anything else only gets a delete marker, and its
        // versions stay (locked ones until their lock ends) for --as-of and repair undelete.
        String version = handle.type() == FileType.LOCK
                        && h.versionId() != null
                        && !h.versionId().equals("null")
                ? h.versionId()
                : null;
        try {
            client.deleteObject(b -> b.bucket(location.bucket()).key(key).versionId(version));
        } catch (SdkException e) {
            throw S3Errors.map("DELETE " + key, where(key), e);
        }
    }

    /** Creates the bucket when it does not exist (as restic does); refuses when a config is there already. */
    @Override
    public void create() throws IOException {
        try {
            client.headBucket(b -> b.bucket(location.bucket()));
        } catch (SdkException e) {
            if (!(e instanceof SdkServiceException s && s.statusCode() == 404)) {
                throw S3Errors.map("HEAD bucket " + location.bucket(), location.bucket(), e);
            }
            try {
                client.createBucket(b -> b.bucket(location.bucket()));
            } catch (SdkException c) {
                throw S3Errors.map("create bucket " + location.bucket(), location.bucket(), c);
            }
        }
        if (head(key(Handle.CONFIG)) != null) {
            throw new FileAlreadyExistsException(key(Handle.CONFIG), null, "a repository exists here already");
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private static String md5(ByteBuffer data) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(data);
            return Base64.getEncoder().encodeToString(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }
}
