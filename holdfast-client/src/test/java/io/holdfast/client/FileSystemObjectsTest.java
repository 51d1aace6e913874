package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.engine.fs.FileStat;
import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.fs.LocalFs;
import io.holdfast.format.tree.ExtendedAttribute;
import io.holdfast.format.tree.FileModes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of file-system object through backup and restore in one process: names that are not UTF-8, FIFOs (never
 * opened), hard links within and across directories, symbolic links with byte targets, extended attributes,
 * nanosecond times, setuid bits, sparse files; and the atime of the source left alone. The CLI suite (FidelityIT) does
 * the same with restic and both locales.
 */
class FileSystemObjectsTest {
    private final LocalFs fs = LocalFs.get();

    @TempDir
    Path tmp;

    private FsPath src;
    private String repo;

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] raw(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    void write(FsPath p, byte[] data, long at) throws IOException {
        FileChannel ch = fs.lstatIfExists(p) == null ? fs.create(p) : fs.openWrite(p);
        try (ch) {
            ch.write(ByteBuffer.wrap(data), at);
        }
    }

    @BeforeEach
    void tree() throws IOException {
        repo = tmp.resolve("repo").toString();
        Holdfast.init(repo, History.PASSWORD, InitOptions.DEFAULTS, History.OPTIONS)
                .close();
        src = FsPath.of(tmp.resolve("src").toString());
        fs.mkdir(src, 0755);
        FsPath d1 = src.resolve(b("d1"));
        FsPath d2 = src.resolve(b("d2"));
        fs.mkdir(d1, 0750);
        fs.mkdir(d2, 01777);
        write(src.resolve(raw('x', 0xff)), b("ff"), 0);
        write(src.resolve(raw('x', 0xfe)), b("fe"), 0);
        write(src.resolve(b("café.txt")), b("café"), 0);
        write(src.resolve(b("line\nbreak")), b("nl"), 0);
        fs.mknod(src.resolve(b("fifo")), FileModes.S_IFIFO | 0640, 0);
        FsPath a = d1.resolve(b("a"));
        write(a, b("linked content"), 0);
        fs.link(a, d1.resolve(b("b")));
        fs.link(a, d2.resolve(b("c")));
        fs.symlink(raw('t', 0xff), src.resolve(b("badlink")));
        fs.symlink(b("../d1"), d2.resolve(b("dirlink")));
        fs.setXattr(a, "user.k", b("v"));
        fs.chmod(a, 04755);
        fs.setTimes(a, 1_000_000_000L, 1, 1_615_000_000L, 123_456_789);
        FsPath sparse = src.resolve(b("sparse"));
        write(sparse, b("head"), 0);
        write(sparse, b("tail"), (256L << 20) - 4);
    }

    private BackupResult backup() throws IOException {
        try (Holdfast h = Holdfast.open(repo, History.PASSWORD, History.OPTIONS, false)) {
            return h.backup(BackupOptions.DEFAULTS.withPaths(List.of(src.toString())), BackupProgress.NONE);
        }
    }

    private RestoreResult restore(FsPath target, RestoreOptions opts) throws IOException {
        try (Holdfast h = Holdfast.open(repo, History.PASSWORD, History.OPTIONS, false)) {
            return h.restore(
                    "latest:" + src, target, opts, BackupProgress.NONE, io.holdfast.engine.RestoredFileHook.NONE);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyObjectComesBackExactly() throws IOException {
        assertThat(backup().errors()).isEmpty();
        FsPath target = FsPath.of(tmp.resolve("restored").toString());
        RestoreResult r = restore(target, RestoreOptions.DEFAULTS.withSparse(true));
        assertThat(r.errors()).isEmpty();
        assertSameTree(src, target);
        FileStat a = fs.lstat(target.resolve(b("d1")).resolve(b("a")));
        assertThat(a.nlink()).isEqualTo(3);
        assertThat(fs.lstat(target.resolve(b("d2")).resolve(b("c"))).ino()).isEqualTo(a.ino());
        assertThat(a.mode() & 07777).isEqualTo(04755);
        assertThat(a.mtimeNsec()).isEqualTo(123_456_789);
        FileStat sparse = fs.lstat(target.resolve(b("sparse")));
        assertThat(sparse.size()).isEqualTo(256L << 20);
        assertThat(sparse.blocks() * 512)
                .as("allocated bytes of a restored sparse file")
                .isLessThan(1 << 20);
    }

    @Test
    void backupLeavesAccessTimesAndASecondBackupAddsNothing() throws IOException {
        FsPath file = src.resolve(b("café.txt"));
        fs.setTimes(file, 1_000_000_000L, 7, 1_600_000_000L, 0); // atime before mtime: relatime would update it
        BackupResult first = backup();
        assertThat(fs.lstat(file).atimeSec()).isEqualTo(1_000_000_000L);
        assertThat(fs.lstat(file).atimeNsec()).isEqualTo(7);
        BackupResult second = backup();
        assertThat(second.dataBlobs()).isZero();
        // the directories above the source (the temp directory, /tmp) may change meanwhile; the source's tree may not
        assertThat(subtree(second)).isEqualTo(subtree(first));
    }

    private io.holdfast.format.Id subtree(BackupResult r) throws IOException {
        List<io.holdfast.format.Id> found = new ArrayList<>();
        try (Holdfast h = Holdfast.open(repo, History.PASSWORD, History.OPTIONS, false)) {
            h.ls(r.snapshotId().hex(), (path, node) -> {
                if (path.equals(src.toString())) {
                    found.add(java.util.Objects.requireNonNull(node.subtree()));
                }
                return src.toString().startsWith(path);
            });
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** Compares two trees object by object: type, mode, owner, size, times, link targets, xattrs, content. */
    void assertSameTree(FsPath expected, FsPath actual) throws IOException {
        List<byte[]> names = new ArrayList<>(fs.list(expected));
        names.sort(Arrays::compareUnsigned);
        List<byte[]> got = new ArrayList<>(fs.list(actual));
        got.sort(Arrays::compareUnsigned);
        assertThat(got).as("names in " + actual).containsExactlyElementsOf(names);
        for (byte[] n : names) {
            FsPath e = expected.resolve(n);
            FsPath a = actual.resolve(n);
            FileStat es = fs.lstat(e);
            FileStat as = fs.lstat(a);
            assertThat(as.mode()).as("mode of " + a).isEqualTo(es.mode());
            assertThat(as.uid()).as("uid of " + a).isEqualTo(es.uid());
            assertThat(as.size()).as("size of " + a).isEqualTo(es.size());
            if (!es.isDirectory() && !es.isSymbolicLink()) {
                assertThat(as.mtime()).as("mtime of " + a).isEqualTo(es.mtime());
            }
            assertThat(fs.xattrs(a)).as("xattrs of " + a).containsExactlyInAnyOrderElementsOf(fs.xattrs(e));
            if (es.isSymbolicLink()) {
                assertThat(fs.readLink(a)).as("target of " + a).isEqualTo(fs.readLink(e));
            } else if (es.isDirectory()) {
                assertThat(as.mtime()).as("mtime of " + a).isEqualTo(es.mtime());
                assertSameTree(e, a);
            } else if (es.isRegularFile()) {
                assertThat(content(a)).as("content of " + a).isEqualTo(content(e));
            }
        }
    }

    private byte[] content(FsPath p) throws IOException {
        try (FileChannel ch = fs.openRead(p, null)) {
            ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
            while (buf.hasRemaining() && ch.read(buf) >= 0) {}
            return buf.array();
        }
    }

    static List<String> names(List<ExtendedAttribute> xs) {
        return xs.stream().map(ExtendedAttribute::name).toList();
    }
}
