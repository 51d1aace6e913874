package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.format.json.GoTime;
import io.holdfast.format.json.RawJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every backup stores restic 0.17's {@code summary} in its snapshot, with the counts the backup reported; restic
 * 0.14 reads and checks such a repository.
 */
class SnapshotSummaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theSnapshotRecordsWhatTheBackupDid() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("a.txt"), "alpha\n".repeat(10_000));
        Files.writeString(src.resolve("b.txt"), "beta\n");
        Path repo = tmp.resolve("repo");
        try (Holdfast h = Holdfast.init(
                repo.toString(), ResticInteropTest.PASSWORD, InitOptions.DEFAULTS, ResticInteropTest.FAST_KDF)) {
            BackupResult first = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
            Files.writeString(src.resolve("b.txt"), "beta changed\n");
            BackupResult second = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);

            for (BackupResult r : List.of(first, second)) {
                RawJson raw = Objects.requireNonNull(
                        h.snapshot(r.snapshotId().hex()).snapshot().summary(), "summary");
                JsonNode s = JSON.readTree(raw.bytes());
                assertThat(s.get("files_new").asLong()).isEqualTo(r.filesNew());
                assertThat(s.get("files_changed").asLong()).isEqualTo(r.filesChanged());
                assertThat(s.get("files_unmodified").asLong()).isEqualTo(r.filesUnmodified());
                assertThat(s.get("dirs_new").asLong()).isEqualTo(r.dirsNew());
                assertThat(s.get("dirs_changed").asLong()).isEqualTo(r.dirsChanged());
                assertThat(s.get("dirs_unmodified").asLong()).isEqualTo(r.dirsUnmodified());
                assertThat(s.get("data_blobs").asLong()).isEqualTo(r.dataBlobs());
                assertThat(s.get("tree_blobs").asLong()).isEqualTo(r.treeBlobs());
                assertThat(s.get("data_added").asLong()).isEqualTo(r.dataAddedPlain());
                assertThat(s.get("data_added_packed").asLong()).isEqualTo(r.dataAdded());
                assertThat(s.get("total_files_processed").asLong()).isEqualTo(2);
                assertThat(s.get("total_bytes_processed").asLong()).isEqualTo(r.totalBytesProcessed());
                assertThat(GoTime.parse(s.get("backup_end").asText()))
                        .isAfterOrEqualTo(GoTime.parse(s.get("backup_start").asText()));
            }
            // the known tree: src/{a.txt (60,000 bytes), b.txt (5, then 13 bytes), sub/ (empty)} under `depth`
            // directories counted from the root, each of which is a directory of the snapshot
            int depth = src.getNameCount();
            JsonNode s1 = summary(h, first);
            assertThat(s1.get("files_new").asLong()).isEqualTo(2);
            assertThat(s1.get("files_changed").asLong()).isZero();
            assertThat(s1.get("files_unmodified").asLong()).isZero();
            assertThat(s1.get("dirs_new").asLong()).isEqualTo(depth + 1);
            assertThat(s1.get("dirs_changed").asLong()).isZero();
            assertThat(s1.get("dirs_unmodified").asLong()).isZero();
            assertThat(s1.get("data_blobs").asLong()).isEqualTo(2);
            assertThat(s1.get("tree_blobs").asLong()).isEqualTo(depth + 2); // and the root tree
            assertThat(s1.get("total_files_processed").asLong()).isEqualTo(2);
            assertThat(s1.get("total_bytes_processed").asLong()).isEqualTo(60_005);
            assertThat(s1.get("data_added").asLong()).isGreaterThan(60_005); // the file contents and the trees
            JsonNode s2 = summary(h, second);
            assertThat(s2.get("files_new").asLong()).isZero();
            assertThat(s2.get("files_changed").asLong()).isEqualTo(1);
            assertThat(s2.get("files_unmodified").asLong()).isEqualTo(1);
            assertThat(s2.get("dirs_new").asLong()).isZero();
            assertThat(s2.get("dirs_changed").asLong()).isEqualTo(depth); // src and every directory above it
            assertThat(s2.get("dirs_unmodified").asLong()).isEqualTo(1); // sub
            assertThat(s2.get("data_blobs").asLong()).isEqualTo(1);
            assertThat(s2.get("tree_blobs").asLong()).isEqualTo(depth + 1);
            assertThat(s2.get("total_files_processed").asLong()).isEqualTo(2);
            assertThat(s2.get("total_bytes_processed").asLong()).isEqualTo(60_013);
            for (BackupResult r : List.of(first, second)) {
                // restic's field order, and the snapshot's time is when the backup started, as restic's
                assertThat(summary(h, r).fieldNames())
                        .toIterable()
                        .containsExactly(
                                "backup_start",
                                "backup_end",
                                "files_new",
                                "files_changed",
                                "files_unmodified",
                                "dirs_new",
                                "dirs_changed",
                                "dirs_unmodified",
                                "data_blobs",
                                "tree_blobs",
                                "data_added",
                                "data_added_packed",
                                "total_files_processed",
                                "total_bytes_processed");
                assertThat(summary(h, r).get("backup_start").asText())
                        .isEqualTo(GoTime.format(
                                h.snapshot(r.snapshotId().hex()).snapshot().time()));
            }
            assertThat(first.dataAddedPlain()).isGreaterThan(60_000); // 60 KB of text, compressed far below
            assertThat(first.dataAdded()).isLessThan(first.dataAddedPlain());
        }
        new Restic(repo, ResticInteropTest.PASSWORD).ok("check", "--read-data");
    }

    private static JsonNode summary(Holdfast h, BackupResult r) throws Exception {
        return JSON.readTree(Objects.requireNonNull(
                        h.snapshot(r.snapshotId().hex()).snapshot().summary(), "summary")
                .bytes());
    }
}
