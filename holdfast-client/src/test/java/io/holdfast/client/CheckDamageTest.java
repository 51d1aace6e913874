package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.CheckResult;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damages a repository in each way a disk or a person can, and checks that 'check' names the damage. */
class CheckDamageTest {
    @TempDir
    Path tmp;

    Path repo;
    Path src;

    @BeforeEach
    void backup() throws Exception {
        src = TestData.sourceTree(tmp.resolve("src"), 7, 20 << 20);
        repo = tmp.resolve("repo");
        try (Holdfast h = Holdfast.init(
                repo.toString(), ResticInteropTest.PASSWORD, InitOptions.DEFAULTS, ResticInteropTest.FAST_KDF)) {
            h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
            assertThat(h.check(CheckOptions.READ_DATA, BackupProgress.NONE).errors())
                    .isEmpty();
        }
    }

    private CheckResult check(CheckOptions opts) throws IOException {
        try (Holdfast h =
                Holdfast.open(repo.toString(), ResticInteropTest.PASSWORD, ResticInteropTest.FAST_KDF, false)) {
            return h.check(opts, BackupProgress.NONE);
        }
    }

    private List<Path> files(String dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(repo.resolve(dir))) {
            s.filter(Files::isRegularFile).sorted().forEach(out::add);
        }
        return out;
    }

    /** The largest pack: a data pack holding the big file. */
    private Path largestPack() throws IOException {
        Path best = null;
        for (Path p : files("data")) {
            if (best == null || Files.size(p) > Files.size(best)) {
                best = p;
            }
        }
        return best;
    }

    private Path smallestPack() throws IOException {
        Path best = null;
        for (Path p : files("data")) {
            if (best == null || Files.size(p) < Files.size(best)) {
                best = p;
            }
        }
        return best;
    }

    private static void writable(Path p) throws IOException {
        p.toFile().setWritable(true);
    }

    @Test
    void deletedPackIsReportedWithAffectedFiles() throws Exception {
        Path pack = largestPack();
        writable(pack);
        Files.delete(pack);
        CheckResult r = check(CheckOptions.STRUCTURE);
        assertThat(r.errors())
                .anyMatch(e -> e.contains(pack.getFileName().toString()) && e.contains("missing"))
                .anyMatch(e -> e.contains("model.bin") && e.contains("damaged"));
    }

    @Test
    void truncatedPackIsReported() throws Exception {
        Path pack = largestPack();
        writable(pack);
        try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
            f.setLength(f.length() - 1000);
        }
        CheckResult r = check(CheckOptions.STRUCTURE);
        assertThat(r.errors()).anyMatch(e -> e.contains(pack.getFileName().toString()) && e.contains("truncated"));
    }

    @Test
    void flippedByteIsFoundByReadDataAndTracedToTheFile() throws Exception {
        Path pack = largestPack();
        writable(pack);
        try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
            f.seek(100);
            int b = f.read();
            f.seek(100);
            f.write(b ^ 0x10);
        }
        assertThat(check(CheckOptions.STRUCTURE).errors()).isEmpty();
        CheckResult r = check(CheckOptions.READ_DATA);
        assertThat(r.errors())
                .anyMatch(e -> e.contains(pack.getFileName().toString()) && e.contains("damaged"))
                .anyMatch(e -> e.startsWith("snapshot ") && e.contains(src.toString()) && e.endsWith("is damaged"));
    }

    @Test
    void deletedIndexFileIsReported() throws Exception {
        for (Path idx : files("index")) {
            writable(idx);
            Files.delete(idx);
        }
        CheckResult r = check(CheckOptions.STRUCTURE);
        assertThat(r.warnings()).anyMatch(w -> w.contains("not referenced in any index"));
        assertThat(r.errors()).anyMatch(e -> e.contains("not in any index"));
    }

    @Test
    void missingTreeBlobIsReported() throws Exception {
        Path treePack = smallestPack(); // tree blobs are few and small; data and tree never share a pack
        writable(treePack);
        Files.delete(treePack);
        CheckResult r = check(CheckOptions.STRUCTURE);
        assertThat(r.errors()).anyMatch(e -> e.startsWith("tree ") && e.contains("is lost"));
    }
}
