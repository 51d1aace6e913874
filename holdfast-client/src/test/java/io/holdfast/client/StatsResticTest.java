package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.SnapshotFilter;
import io.holdfast.format.Id;
import io.holdfast.format.index.IndexFile;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code stats} counts what the real restic counts on the same repository, in every mode: directories and other nodes
 * in restore-size, hard links once, duplicate contents once in files-by-contents, blobs per file path, and in
 * raw-data the distinct blobs as stored, with compression figures only for version 2 repositories.
 */
class StatsResticTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path source() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path a = Files.createDirectories(src.resolve("a"));
        Path b = Files.createDirectories(src.resolve("b"));
        byte[] text = "the same line again and again\n".repeat(40_000).getBytes();
        Files.write(a.resolve("big.txt"), text);
        Files.write(b.resolve("copy.txt"), text); // same content, another path
        Files.writeString(a.resolve("small"), "small");
        Files.createLink(a.resolve("hard"), a.resolve("small")); // a hard link: restored once
        Files.createFile(b.resolve("empty"));
        Files.createSymbolicLink(b.resolve("link"), Path.of("../a/small"));
        Files.createDirectories(src.resolve("c/d")); // an empty directory chain
        return src;
    }

    private Stats stats(Path repo, Stats.Mode mode) throws IOException {
        try (Holdfast h =
                Holdfast.open(repo.toString(), ResticInteropTest.PASSWORD, ResticInteropTest.FAST_KDF, false)) {
            return h.stats(List.of(), SnapshotFilter.ALL, mode);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void everyModeCountsWhatResticCounts(int version) throws Exception {
        Path src = source();
        Path repo = tmp.resolve("repo");
        try (Holdfast h = Holdfast.init(
                repo.toString(),
                ResticInteropTest.PASSWORD,
                new InitOptions(version, io.holdfast.format.FormatJson.mapper().createObjectNode()),
                ResticInteropTest.FAST_KDF)) {
            h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
        }
        Restic restic = new Restic(repo, ResticInteropTest.PASSWORD);
        Files.writeString(src.resolve("a/small"), "changed"); // the hard link changes too
        restic.ok("backup", src.toString());

        for (Stats.Mode mode : Stats.Mode.values()) {
            JsonNode expected = JSON.readTree(
                    restic.ok("stats", "--json", "--mode", mode.modeName()).out());
            Stats s = stats(repo, mode);
            assertThat(s.totalSize())
                    .as("%s total_size", mode)
                    .isEqualTo(expected.get("total_size").asLong());
            assertThat(s.files())
                    .as("%s total_file_count", mode)
                    .isEqualTo(expected.path("total_file_count").asLong());
            assertThat(s.blobs())
                    .as("%s total_blob_count", mode)
                    .isEqualTo(expected.path("total_blob_count").asLong());
            assertThat(s.snapshots()).isEqualTo(2);
        }
        Stats raw = stats(repo, Stats.Mode.RAW_DATA);
        if (version == 1) {
            // restic prints no compression figures for a version 1 repository
            assertThat(raw.uncompressedSize()).isZero();
            assertThat(raw.compressionRatio()).isZero();
            assertThat(raw.compressionSpaceSaving()).isZero();
        } else {
            // the repeated text compresses: restic's figures (restic 0.15 and later print them)
            assertThat(raw.uncompressedSize()).isGreaterThan(raw.totalSize());
            assertThat(raw.compressionRatio()).isGreaterThan(10);
            assertThat(raw.compressionProgress()).isBetween(50.0, 100.0);
            assertThat(raw.compressionSpaceSaving()).isBetween(50.0, 100.0);
        }
    }

    @Test
    void rawDataFailsLikeResticWhenABlobIsMissingFromTheIndex() throws Exception {
        Path src = source();
        Path repo = tmp.resolve("repo");
        Id dataPack;
        try (Holdfast h = Holdfast.init(
                repo.toString(), ResticInteropTest.PASSWORD, InitOptions.DEFAULTS, ResticInteropTest.FAST_KDF)) {
            h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
            dataPack = dropDataPackFromIndex(h.repository());
        }
        assertThat(dataPack).isNotNull();
        Restic.Result restic = new Restic(repo, ResticInteropTest.PASSWORD).run("stats", "--mode", "raw-data");
        assertThat(restic.exit()).isEqualTo(1);
        assertThat(restic.err()).contains("not found");
        assertThatThrownBy(() -> stats(repo, Stats.Mode.RAW_DATA))
                .isInstanceOf(IOException.class)
                .hasMessageMatching("data blob [0-9a-f]{64} that a snapshot references is in no index, so it cannot be"
                        + " counted; run 'holdfast check'");
        // restore-size needs no index: it still counts, as restic's does
        assertThat(stats(repo, Stats.Mode.RESTORE_SIZE).files()).isPositive();
    }

    /** Rewrites the index without the data packs, keeping the files: their blobs are then in no index. */
    private static Id dropDataPackFromIndex(Repository r) throws IOException {
        Id dropped = null;
        List<IndexFile.Pack> kept = new java.util.ArrayList<>();
        List<Id> indexes = r.list(FileType.INDEX);
        for (Id idx : indexes) {
            for (IndexFile.Pack p :
                    IndexFile.parse(r.loadJson(FileType.INDEX, idx), "index").packs()) {
                if (p.blobs().getFirst().type() == io.holdfast.format.BlobType.DATA) {
                    dropped = p.id();
                } else {
                    kept.add(p);
                }
            }
        }
        r.saveJson(FileType.INDEX, new IndexFile(List.of(), kept).toJson());
        for (Id idx : indexes) {
            r.backend().remove(new Handle(FileType.INDEX, idx.hex()));
        }
        return dropped;
    }
}
