package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.repository.BlobLocation;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pack truncated in the middle: restore writes every file whose blobs lie in the intact part (restic does too) and
 * names exactly the files that lost a blob, instead of refusing every file with a blob in that pack.
 */
class DamagedPackRestoreTest {
    @TempDir
    Path tmp;

    @Test
    void aTruncatedPackLosesOnlyTheFilesWhoseBlobsWereCutOff() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Random rnd = new Random(7);
        for (int i = 0; i < 40; i++) {
            byte[] data = new byte[100_000]; // one blob each (below the chunker's minimum), all in one pack
            rnd.nextBytes(data);
            Files.write(src.resolve(String.format("f%02d", i)), data);
        }
        Path repo = tmp.resolve("repo");
        Holdfast.init(repo.toString(), History.PASSWORD, InitOptions.DEFAULTS, History.OPTIONS)
                .close();
        Set<String> lost = new TreeSet<>();
        try (Holdfast h = Holdfast.open(repo.toString(), History.PASSWORD, History.OPTIONS, false)) {
            h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
            Path pack = RepoFiles.largestPack(repo);
            long cut = Files.size(pack) / 2;
            try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
                f.setLength(cut);
            }
            h.repository().loadIndex();
            try (var files = Files.list(src)) {
                for (Path p : files.toList()) {
                    BlobLocation loc = h.repository().index().lookup(BlobType.DATA, Id.hash(Files.readAllBytes(p)));
                    assertThat(loc).isNotNull();
                    if (loc.pack().hex().equals(pack.getFileName().toString()) && loc.offset() + loc.length() > cut) {
                        lost.add(p.getFileName().toString());
                    }
                }
            }
            assertThat(lost).as("files cut off").isNotEmpty().hasSizeLessThan(40);

            Path target = tmp.resolve("target");
            RestoreResult r = h.restore("latest:" + src, target, RestoreOptions.DEFAULTS, BackupProgress.NONE);

            Set<String> named = r.errors().stream()
                    .map(e -> Path.of(e.substring(0, e.indexOf(':')))
                            .getFileName()
                            .toString())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(named).as("files named in the errors").isEqualTo(lost);
            assertThat(r.files()).isEqualTo(40 - lost.size());
            try (var files = Files.list(src)) {
                for (Path p : files.toList()) {
                    String name = p.getFileName().toString();
                    if (!lost.contains(name)) {
                        assertThat(Files.readAllBytes(target.resolve(name)))
                                .as(name)
                                .isEqualTo(Files.readAllBytes(p));
                    }
                }
            }
        }
    }
}
