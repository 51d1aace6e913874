package io.holdfast.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.function.Consumer;

/**
 * A store of immutable files, the lowest layer of a repository. Implementations are thread-safe.
 *
 * <p>Semantics every implementation guarantees, checked by the contract test suite:
 *
 * <ul>
 *   <li><b>Write-once.</b> {@link #save} never replaces an existing file; saving a name that exists throws {@link
 *       FileAlreadyExistsException} and leaves the existing file untouched.
 *   <li><b>Atomic visibility.</b> A file is either absent or present with all its bytes, durably; a crash or error
 *       during {@code save} never leaves a partial file under the final name (a temporary file may remain, never
 *       listed).
 *   <li><b>Read-your-writes.</b> Once {@code save} returns, {@link #load}, {@link #stat} and {@link #list} see the
 *       file.
 *   <li><b>Not found</b> is reported as {@link NoSuchFileException} by {@link #load}, {@link #stat} and {@link
 *       #remove}.
 * </ul>
 */
public interface Backend extends AutoCloseable {

    /** A human-readable location, such as a path or URL, for messages. */
    String location();

    /** What this backend is good at. */
    BackendProperties properties();

    /**
     * Stores {@code data} (from its position to its limit) under {@code handle}, write-once and atomically. The
     * buffer's position and limit are left as they were, so a caller (or a retrying decorator) may pass it again.
     *
     * @throws FileAlreadyExistsException if the file exists already; it is left untouched
     * @throws IOException if storing failed; the file is then absent
     */
    void save(Handle handle, ByteBuffer data) throws IOException;

    /**
     * Like {@link #save}, for a pack that holds only file contents (data blobs), which storage with storage classes
     * may keep in a colder, cheaper class ({@code --storage-class-data}); index, snapshot and tree packs, which
     * browsing reads, stay in the standard class. By default the same as {@link #save}.
     */
    default void saveData(Handle handle, ByteBuffer data) throws IOException {
        save(handle, data);
    }

    /**
     * Reads {@code length} bytes of the file starting at {@code offset}; a negative length reads to the end. Reading
     * zero bytes at the end of the file ({@code offset} equal to its size) returns an empty array.
     *
     * @throws NoSuchFileException if the file does not exist
     * @throws java.io.EOFException if the file is shorter than {@code offset + length}, or than {@code offset} when
     *     reading to the end
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    byte[] load(Handle handle, long offset, int length) throws IOException;

    /**
     * Reads {@code length} bytes of the file starting at {@code offset} into {@code dst[0, length)}, so that a caller
     * reading range after range (a restore) reuses one array instead of allocating one per range; the same errors
     * as {@link #load(Handle, long, int)}. By default through {@code load}.
     *
     * @throws IllegalArgumentException if {@code length} is negative or larger than {@code dst}
     */
    default void loadInto(Handle handle, long offset, int length, byte[] dst) throws IOException {
        if (length < 0 || length > dst.length) {
            throw new IllegalArgumentException("cannot read " + length + " bytes into " + dst.length);
        }
        byte[] bytes = load(handle, offset, length);
        System.arraycopy(bytes, 0, dst, 0, length);
    }

    /** Reads the whole file. */
    default byte[] load(Handle handle) throws IOException {
        return load(handle, 0, -1);
    }

    /**
     * Returns the file's size.
     *
     * @throws NoSuchFileException if the file does not exist
     */
    FileInfo stat(Handle handle) throws IOException;

    /**
     * Calls {@code consumer} once for each file of the type, in no particular order. Temporary files of unfinished
     * saves are never listed. Listing a type whose directory does not exist (such as before {@link #create}) lists
     * nothing.
     */
    void list(FileType type, Consumer<FileInfo> consumer) throws IOException;

    /**
     * Removes the file.
     *
     * @throws NoSuchFileException if the file does not exist
     */
    void remove(Handle handle) throws IOException;

    /**
     * This backend as {@code type}, an optional capability such as {@link ObjectLocking} or {@link VersionHistory},
     * or empty when it has none. Decorators pass the question to the backend they wrap.
     */
    default <T> java.util.Optional<T> feature(Class<T> type) {
        return type.isInstance(this) ? java.util.Optional.of(type.cast(this)) : java.util.Optional.empty();
    }

    /** Whether a repository (its config file) exists at this location. */
    default boolean exists() throws IOException {
        try {
            stat(Handle.CONFIG);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Creates the directory layout of a new repository, if the backend has directories. Does not write the config
     * file.
     *
     * @throws FileAlreadyExistsException if a config file exists already
     */
    void create() throws IOException;

    @Override
    void close() throws IOException;
}
