package io.holdfast.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.holdfast.format.tree.ExtendedAttribute;
import io.holdfast.format.tree.FileModes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The native file system layer against the real kernel: byte names, FIFOs, long paths, xattrs, times, atime. */
class LinuxFsTest {
    private final LocalFs fs = LocalFs.get();

    @TempDir
    Path tmp;

    private FsPath dir;

    @BeforeEach
    void setUp() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the native layer is Linux's");
        assertThat(fs).isInstanceOf(LinuxFs.class);
        dir = FsPath.of(tmp.toString());
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private void write(FsPath p, String content) throws IOException {
        try (FileChannel ch = fs.create(p)) {
            ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
        }
    }

    private String read(FsPath p) throws IOException {
        try (FileChannel ch = fs.openRead(p, null)) {
            ByteBuffer b = ByteBuffer.allocate((int) ch.size());
            while (b.hasRemaining() && ch.read(b) >= 0) {}
            return new String(b.array(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void namesThatAreNotUtf8AreDistinctFiles() throws IOException {
        FsPath ff = dir.resolve(bytes('x', 0xff));
        FsPath fe = dir.resolve(bytes('x', 0xfe));
        write(ff, "ff");
        write(fe, "fe");
        assertThat(fs.list(dir)).containsExactlyInAnyOrder(bytes('x', 0xff), bytes('x', 0xfe));
        assertThat(read(ff)).isEqualTo("ff");
        assertThat(read(fe)).isEqualTo("fe");
        assertThat(FsPath.of(ff.toString())).isEqualTo(ff); // the string form is lossless
        assertThat(fs.lstat(ff).isRegularFile()).isTrue();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aFifoIsNeverOpenedForItsMetadata() throws IOException {
        FsPath fifo = dir.resolve("pipe".getBytes(StandardCharsets.US_ASCII));
        fs.mknod(fifo, FileModes.S_IFIFO | 0640, 0);
        FileStat s = fs.lstat(fifo);
        assertThat(s.type()).isEqualTo(FileModes.S_IFIFO);
        assertThat(s.mode() & 07777).isEqualTo(0640);
        assertThat(fs.xattrs(fifo)).isEmpty();
        assertThatThrownBy(() -> fs.openRead(fifo, s)).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> fs.openWrite(fifo)).isInstanceOf(IOException.class);
    }

    @Test
    void pathsLongerThanPathMaxAreReachable() throws IOException {
        FsPath p = dir;
        byte[] name = "d123456789".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 450; i++) {
            p = p.resolve(name);
            fs.mkdir(p, 0755);
        }
        assertThat(p.length()).isGreaterThan(4096);
        FsPath file = p.resolve("f".getBytes(StandardCharsets.US_ASCII));
        write(file, "deep");
        assertThat(read(file)).isEqualTo("deep");
        assertThat(fs.list(p)).containsExactly("f".getBytes(StandardCharsets.US_ASCII));
        fs.setXattr(file, "user.k", bytes(1, 2, 3));
        assertThat(fs.xattrs(file)).containsExactly(ExtendedAttribute.of("user.k", bytes(1, 2, 3)));
        fs.setTimes(file, 1, 2, 1_600_000_000L, 123_456_789);
        assertThat(fs.lstat(file).mtimeNsec()).isEqualTo(123_456_789);
        FsPath link = p.resolve("l".getBytes(StandardCharsets.US_ASCII));
        fs.symlink(bytes('t', 0xff), link);
        assertThat(fs.readLink(link)).isEqualTo(bytes('t', 0xff));
        fs.unlink(link);
        fs.unlink(file);
        assertThat(fs.lstatIfExists(file)).isNull();
        for (FsPath q = p; !q.equals(dir); q = java.util.Objects.requireNonNull(q.parent())) {
            fs.rmdir(q); // java.nio cannot remove paths this long: the temp dir's clean-up would fail
        }
    }

    @Test
    void readingLeavesTheAccessTimeAlone() throws IOException {
        FsPath f = dir.resolve("a".getBytes(StandardCharsets.US_ASCII));
        write(f, "content");
        fs.setTimes(f, 1_000_000_000L, 5, 1_500_000_000L, 7); // atime before mtime: relatime would update it
        assertThat(read(f)).isEqualTo("content");
        FileStat s = fs.lstat(f);
        assertThat(s.atimeSec()).isEqualTo(1_000_000_000L);
        assertThat(s.atimeNsec()).isEqualTo(5);
    }

    @Test
    void extendedAttributesOfEveryWritableNamespace() throws IOException {
        FsPath f = dir.resolve("x".getBytes(StandardCharsets.US_ASCII));
        write(f, "x");
        fs.setXattr(f, "user.one", bytes(1));
        boolean root = fs.lstat(FsPath.of("/proc/self")).uid() == 0;
        if (root) {
            fs.setXattr(f, "trusted.two", bytes(2));
        }
        List<String> names = fs.xattrs(f).stream().map(ExtendedAttribute::name).toList();
        assertThat(names).contains("user.one");
        if (root) {
            assertThat(names).contains("trusted.two");
        }
    }

    @Test
    void errorsSayWhatTheSystemSaid() throws IOException {
        FsPath missing = dir.resolve("missing".getBytes(StandardCharsets.US_ASCII));
        assertThat(fs.lstatIfExists(missing)).isNull();
        assertThatThrownBy(() -> fs.openRead(missing, null))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no such file or directory");
        FsPath f = dir.resolve("f".getBytes(StandardCharsets.US_ASCII));
        write(f, "1");
        assertThatThrownBy(() -> fs.create(f)).hasMessageContaining("file exists");
        assertThat(fs.userName(0)).isEqualTo("root");
        assertThat(fs.groupName(0)).isEqualTo("root");
        assertThat(fs.cwd()).isEqualTo(FsPath.of(Path.of("").toAbsolutePath().toString()));
        assertThat(Files.exists(tmp.resolve("f"))).isTrue();
    }
}
