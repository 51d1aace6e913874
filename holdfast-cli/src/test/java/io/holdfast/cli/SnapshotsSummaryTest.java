package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snapshots --json} prints the {@code summary} and {@code program_version} every Holdfast backup stores, as
 * restic 0.17 prints them: the counts of the backup's own JSON summary line, and the backup's start as the snapshot's
 * time.
 */
class SnapshotsSummaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COUNTS = List.of(
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

    @TempDir
    Path tmp;

    private TestCli ok(String... args) {
        TestCli c = new TestCli(Map.of(
                "HOLDFAST_PASSWORD",
                "pw",
                "HOLDFAST_REPOSITORY",
                tmp.resolve("repo").toString()));
        assertThat(c.run(args))
                .as("holdfast %s: %s", String.join(" ", args), c.err())
                .isZero();
        return c;
    }

    private static JsonNode lastLine(String out) throws Exception {
        String[] lines = out.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void snapshotsJsonPrintsTheStoredSummary() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("a.txt"), "alpha\n");
        Files.writeString(src.resolve("sub/b.txt"), "beta\n");
        Files.createSymbolicLink(src.resolve("link"), Path.of("a.txt"));
        ok("init");
        JsonNode backup1 = lastLine(ok("--json", "backup", src.toString()).out());
        Files.writeString(src.resolve("c.txt"), "gamma\n");
        JsonNode backup2 = lastLine(ok("--json", "backup", src.toString()).out());

        JsonNode snapshots = JSON.readTree(ok("--json", "snapshots").out());
        assertThat(snapshots).hasSize(2);
        int depth = src.getNameCount(); // the directories from the root down to src
        for (int i = 0; i < 2; i++) {
            JsonNode snap = snapshots.get(i);
            JsonNode backup = i == 0 ? backup1 : backup2;
            assertThat(snap.get("id").asText())
                    .isEqualTo(backup.get("snapshot_id").asText());
            assertThat(snap.get("program_version").asText()).startsWith("holdfast ");
            JsonNode summary = snap.get("summary");
            assertThat(summary.fieldNames()).toIterable().first().isEqualTo("backup_start");
            assertThat(summary.get("backup_start").asText())
                    .isEqualTo(snap.get("time").asText());
            assertThat(summary.get("backup_end").asText())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d*[1-9])?(Z|[+-]\\d\\d:\\d\\d)");
            for (String count : COUNTS) {
                assertThat(summary.get(count).isIntegralNumber()).as(count).isTrue();
                assertThat(summary.get(count).asLong())
                        .as("%s of snapshot %d", count, i)
                        .isEqualTo(backup.get(count).asLong());
            }
        }
        JsonNode first = snapshots.get(0).get("summary");
        assertThat(first.get("files_new").asLong()).isEqualTo(2); // a.txt, b.txt; restic counts no symlinks
        assertThat(first.get("dirs_new").asLong()).isEqualTo(depth + 1);
        assertThat(first.get("total_files_processed").asLong()).isEqualTo(2);
        assertThat(first.get("total_bytes_processed").asLong()).isEqualTo(11);
        JsonNode second = snapshots.get(1).get("summary");
        assertThat(second.get("files_new").asLong()).isEqualTo(1);
        assertThat(second.get("files_unmodified").asLong()).isEqualTo(2);
        assertThat(second.get("dirs_changed").asLong()).isEqualTo(depth);
        assertThat(second.get("dirs_unmodified").asLong()).isEqualTo(1);
        assertThat(second.get("total_files_processed").asLong()).isEqualTo(3);
        assertThat(second.get("total_bytes_processed").asLong()).isEqualTo(17);
    }
}
