package io.holdfast.engine.fs;

import io.holdfast.format.tree.ExtendedAttribute;
import io.holdfast.format.tree.FileModes;
import io.holdfast.format.tree.Names;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The portable {@link LocalFs} for systems without {@link LinuxFs} (macOS, other architectures), on {@code java.nio}.
 * Its limits: names must be representable in the JVM's platform charset; only {@code user.*} extended attributes of
 * regular files and directories; no FIFOs or device nodes restored; access times of read files are updated.
 */
final class NioFs implements LocalFs {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private final Map<Long, String> users = new ConcurrentHashMap<>();
    private final Map<Long, String> groups = new ConcurrentHashMap<>();

    private static Path path(FsPath p) {
        return Path.of(p.toString());
    }

    @Override
    public boolean exactNames() {
        return false;
    }

    @Override
    public FsPath cwd() {
        return FsPath.of(Path.of("").toAbsolutePath().toString());
    }

    @Override
    public FileStat lstat(FsPath p) throws IOException {
        Map<String, Object> a = Files.readAttributes(path(p), "unix:*", NOFOLLOW);
        long uid = num(a, "uid");
        long gid = num(a, "gid");
        if (a.get("owner") instanceof UserPrincipal u) {
            users.putIfAbsent(uid, u.getName());
        }
        if (a.get("group") instanceof UserPrincipal g) {
            groups.putIfAbsent(gid, g.getName());
        }
        Instant at = time(a, "lastAccessTime");
        Instant mt = time(a, "lastModifiedTime");
        Instant ct = time(a, "ctime");
        long size = num(a, "size");
        return new FileStat(
                (int) num(a, "mode"),
                num(a, "ino"),
                num(a, "dev"),
                num(a, "nlink"),
                uid,
                gid,
                num(a, "rdev"),
                size,
                (size + 511) / 512,
                at.getEpochSecond(),
                at.getNano(),
                mt.getEpochSecond(),
                mt.getNano(),
                ct.getEpochSecond(),
                ct.getNano());
    }

    private static long num(Map<String, Object> a, String key) {
        return a.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static Instant time(Map<String, Object> a, String key) {
        return a.get(key) instanceof FileTime t ? t.toInstant() : Instant.EPOCH;
    }

    @Override
    public @Nullable FileStat lstatIfExists(FsPath p) throws IOException {
        try {
            return lstat(p);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public String userName(long uid) {
        return users.getOrDefault(uid, "");
    }

    @Override
    public String groupName(long gid) {
        return groups.getOrDefault(gid, "");
    }

    @Override
    public List<byte[]> list(FsPath dir) throws IOException {
        List<byte[]> names = new ArrayList<>();
        try (var s = Files.newDirectoryStream(path(dir))) {
            for (Path c : s) {
                names.add(Names.encode(String.valueOf(c.getFileName())));
            }
        }
        return names;
    }

    @Override
    public byte[] readLink(FsPath p) throws IOException {
        return Names.encode(Files.readSymbolicLink(path(p)).toString());
    }

    @Override
    public List<ExtendedAttribute> xattrs(FsPath p) throws IOException {
        FileStat s = lstat(p);
        if (!s.isRegularFile() && !s.isDirectory()) {
            return List.of(); // the view opens the file: never a FIFO or a device
        }
        List<ExtendedAttribute> out = new ArrayList<>();
        try {
            UserDefinedFileAttributeView v =
                    Files.getFileAttributeView(path(p), UserDefinedFileAttributeView.class, NOFOLLOW);
            if (v == null) {
                return out;
            }
            for (String n : v.list()) {
                ByteBuffer buf = ByteBuffer.allocate(v.size(n));
                v.read(n, buf);
                out.add(ExtendedAttribute.of("user." + n, java.util.Arrays.copyOf(buf.array(), buf.position())));
            }
        } catch (UnsupportedOperationException e) {
            // no user attributes on this file system
        }
        return out;
    }

    @Override
    public FileChannel openRead(FsPath p, @Nullable FileStat expected) throws IOException {
        if (!lstat(p).isRegularFile()) {
            throw new FileSystemException(p.toString(), null, "not a regular file any more");
        }
        return FileChannel.open(path(p), StandardOpenOption.READ, NOFOLLOW);
    }

    @Override
    public void mkdir(FsPath p, int perm) throws IOException {
        Files.createDirectory(path(p));
    }

    @Override
    public FileChannel create(FsPath p) throws IOException {
        return FileChannel.open(path(p), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW);
    }

    @Override
    public FileChannel openWrite(FsPath p) throws IOException {
        if (!lstat(p).isRegularFile()) {
            throw new FileSystemException(p.toString(), null, "not a regular file");
        }
        return FileChannel.open(path(p), StandardOpenOption.WRITE, NOFOLLOW);
    }

    @Override
    public void setLength(FileChannel ch, long size) throws IOException {
        if (ch.size() > size) {
            ch.truncate(size);
        } else if (ch.size() < size) {
            ch.write(ByteBuffer.wrap(new byte[1]), size - 1); // FileChannel.truncate cannot grow a file
        }
    }

    @Override
    public void symlink(byte[] target, FsPath link) throws IOException {
        Files.createSymbolicLink(path(link), Path.of(Names.decode(target)));
    }

    @Override
    public void link(FsPath existing, FsPath link) throws IOException {
        Files.createLink(path(link), path(existing));
    }

    @Override
    public void mknod(FsPath p, int stMode, long rdev) throws IOException {
        String kind = (stMode & FileModes.S_IFMT) == FileModes.S_IFIFO ? "FIFOs" : "device nodes";
        throw new FileSystemException(p.toString(), null, kind + " cannot be created on this system");
    }

    @Override
    public void unlink(FsPath p) throws IOException {
        if (lstat(p).isDirectory()) {
            throw new FileSystemException(p.toString(), null, "is a directory");
        }
        Files.delete(path(p));
    }

    @Override
    public void rmdir(FsPath p) throws IOException {
        if (!lstat(p).isDirectory()) {
            throw new java.nio.file.NotDirectoryException(p.toString());
        }
        Files.delete(path(p));
    }

    @Override
    public void rename(FsPath from, FsPath to) throws IOException {
        Files.move(path(from), path(to), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void chown(FsPath p, long uid, long gid) throws IOException {
        Files.setAttribute(path(p), "unix:uid", (int) uid, NOFOLLOW);
        Files.setAttribute(path(p), "unix:gid", (int) gid, NOFOLLOW);
    }

    @Override
    public void chmod(FsPath p, int perm) throws IOException {
        Files.setAttribute(path(p), "unix:mode", perm);
    }

    @Override
    public void setTimes(FsPath p, long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec) throws IOException {
        BasicFileAttributeView v = Files.getFileAttributeView(path(p), BasicFileAttributeView.class, NOFOLLOW);
        v.setTimes(
                FileTime.from(Instant.ofEpochSecond(mtimeSec, mtimeNsec)),
                FileTime.from(Instant.ofEpochSecond(atimeSec, atimeNsec)),
                null);
    }

    @Override
    public void setXattr(FsPath p, String name, byte[] value) throws IOException {
        if (!name.startsWith("user.")) {
            throw new FileSystemException(p.toString(), null, "extended attribute " + name + ": not supported here");
        }
        UserDefinedFileAttributeView v = Files.getFileAttributeView(path(p), UserDefinedFileAttributeView.class);
        if (v == null) {
            throw new FileSystemException(p.toString(), null, "extended attributes not supported");
        }
        v.write(name.substring(5), ByteBuffer.wrap(value));
    }
}
