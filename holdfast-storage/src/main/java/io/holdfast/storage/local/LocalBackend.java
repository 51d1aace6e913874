package io.holdfast.storage.local;

import io.holdfast.storage.Backend;
import io.holdfast.storage.BackendProperties;
import io.holdfast.storage.ChannelIo;
import io.holdfast.storage.FileInfo;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link Backend} on a directory of the local filesystem (or of a mounted network filesystem), with restic's local
 * layout: {@code config}, {@code keys/}, {@code locks/}, {@code snapshots/}, {@code index/} and the pack directories
 * {@code data/00} to {@code data/ff}.
 *
 * <p>A save writes a temporary file named {@code .tmp-*} next to the final name, fsyncs it, makes it read-only (mode
 * 0400, as restic does), gives it its final name with a hard link, which never replaces an existing file, removes the
 * temporary name and fsyncs the directory. On a filesystem without hard links it falls back to an atomic rename after
 * checking that the name is free; that check is exact within this process but not against other processes saving
 * the same name at the same moment. Temporary files are never listed; a crash may leave one behind.
 *
 * <p>The root may be, or lie below, a symbolic link; so may the directories of the layout. Instances are thread-safe.
 */
public final class LocalBackend implements Backend {
    private static final BackendProperties PROPERTIES = new BackendProperties(2, true);
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final Path root;
    private final SafeFiles files;

    LocalBackend(Path root, FileSync sync, boolean hardLinks) {
        this.root = root.toAbsolutePath();
        this.files = new SafeFiles(this.root, sync, hardLinks);
    }

    /**
     * A backend on the directory {@code root}, which need not exist until {@link #create} or the first {@link #save}.
     * Opening does not touch the filesystem.
     */
    public static LocalBackend open(Path root) {
        return new LocalBackend(root, FileSync.SYSTEM, true);
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public BackendProperties properties() {
        return PROPERTIES;
    }

    @Override
    public void save(Handle handle, ByteBuffer data) throws IOException {
        files.saveAtomically(path(handle), data);
    }

    @Override
    public byte[] load(Handle handle, long offset, int length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + handle);
        }
        Path path = path(handle);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long wanted = available(channel, path, offset, length);
            if (wanted > MAX_ARRAY) {
                throw new IOException(path + ": " + wanted + " bytes are too many to load at once");
            }
            byte[] bytes = new byte[(int) wanted];
            readFully(channel, path, bytes, bytes.length, offset);
            return bytes;
        }
    }

    @Override
    public void loadInto(Handle handle, long offset, int length, byte[] dst) throws IOException {
        if (length < 0 || length > dst.length) {
            throw new IllegalArgumentException("cannot read " + length + " bytes into " + dst.length);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + handle);
        }
        Path path = path(handle);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            available(channel, path, offset, length);
            readFully(channel, path, dst, length, offset);
        }
    }

    /** The bytes to read ({@code length}, or to the end when negative); EOF if the file is shorter. */
    private static long available(FileChannel channel, Path path, long offset, int length) throws IOException {
        long size = channel.size();
        if (offset > size) {
            throw new EOFException(path + ": offset " + offset + " is past the end of the file (" + size + " bytes)");
        }
        long wanted = length < 0 ? size - offset : length;
        if (offset + wanted > size) {
            throw new EOFException(path + ": cannot read " + wanted + " bytes at offset " + offset + ", the file has "
                    + size + " bytes");
        }
        return wanted;
    }

    private static void readFully(FileChannel channel, Path path, byte[] dst, int wanted, long offset)
            throws IOException {
        int n;
        try {
            n = ChannelIo.read(channel, dst, 0, wanted, offset);
        } catch (IOException e) {
            throw SafeFiles.withPath(e, "cannot read", path);
        }
        if (n < wanted) {
            throw new EOFException(path + ": the file ended at " + (offset + n) + " while reading " + wanted
                    + " bytes at offset " + offset);
        }
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        return new FileInfo(
                handle,
                Files.readAttributes(path(handle), BasicFileAttributes.class).size());
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) throws IOException {
        if (type == FileType.CONFIG) {
            try {
                consumer.accept(stat(Handle.CONFIG));
            } catch (NoSuchFileException e) {
                // no config, nothing to list
            }
            return;
        }
        Path dir = root.resolve(type.directory());
        if (type != FileType.PACK) {
            listFiles(dir, type, consumer);
            return;
        }
        // listFiles tolerates subdirectories that vanish, so NoSuchFileException means data/ itself is missing
        try (DirectoryStream<Path> subdirectories = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path subdirectory : subdirectories) {
                listFiles(subdirectory, type, consumer);
            }
        } catch (NoSuchFileException e) {
            // no data directory, nothing to list
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    private static void listFiles(Path dir, FileType type, Consumer<FileInfo> consumer) throws IOException {
        // entries that vanish are skipped below, so NoSuchFileException means the directory itself is missing
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = Objects.requireNonNull(entry.getFileName()).toString();
                if (SafeFiles.isTemporary(name)) {
                    continue;
                }
                BasicFileAttributes attributes;
                Handle handle;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                    handle = new Handle(type, name);
                } catch (NoSuchFileException e) {
                    continue; // removed while we listed
                } catch (IllegalArgumentException e) {
                    continue; // not a name this backend could have written
                }
                if (attributes.isRegularFile()) {
                    consumer.accept(new FileInfo(handle, attributes.size()));
                }
            }
        } catch (NoSuchFileException e) {
            // no directory, nothing to list
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    @Override
    public void remove(Handle handle) throws IOException {
        Path path = path(handle);
        try {
            Files.delete(path);
        } catch (AccessDeniedException e) {
            // Like restic, which makes a file writable before removing it: Windows, and some network
            // filesystems, refuse to remove a read-only file.
            try {
                files.makeWritable(path);
                Files.delete(path);
            } catch (IOException again) {
                e.addSuppressed(again);
                throw e;
            }
        }
    }

    /**
     * Creates the root and the directories of the layout, including all 256 pack directories, and leaves existing
     * ones as they are.
     *
     * @throws FileAlreadyExistsException if the config file exists already
     */
    @Override
    public void create() throws IOException {
        Path config = path(Handle.CONFIG);
        if (Files.exists(config, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(config.toString(), null, "a repository exists here already");
        }
        files.createDirectories(root);
        for (FileType type : FileType.values()) {
            if (type != FileType.CONFIG && type != FileType.HOLD) {
                files.createDirectories(root.resolve(type.directory()));
            }
        }
        Path data = root.resolve(FileType.PACK.directory());
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < 256; i++) {
            files.createDirectories(data.resolve(hex.toHexDigits((byte) i)));
        }
    }

    /** Does nothing: a local backend holds no resources between calls. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "LocalBackend[" + root + "]";
    }

    private Path path(Handle handle) {
        return root.resolve(handle.path());
    }
}
