package io.holdfast.engine;

import io.holdfast.format.json.GoTime;
import io.holdfast.format.json.RawJson;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * The {@code summary} restic 0.17 and later store in a snapshot (its {@code SnapshotSummary}: the backup's start and
 * end and the counts its JSON summary prints), written by every Holdfast backup so that {@code snapshots --json} of
 * either tool shows what each backup did. restic 0.14 ignores the field.
 */
final class SnapshotSummaries {
    private SnapshotSummaries() {}

    static RawJson of(BackupStats s, Instant start, Instant end, ZoneId zone) {
        return of(s, start, end, zone, java.util.List.of());
    }

    /**
     * With {@code hooks}, a Holdfast field {@code hooks} is added: each command's stage, command, exit code, duration
     * in milliseconds and output (restic ignores fields it does not know).
     */
    static RawJson of(
            BackupStats s, Instant start, Instant end, ZoneId zone, java.util.List<BackupHooks.Result> hooks) {
        String json = base(s, start, end, zone);
        if (hooks.isEmpty()) {
            return RawJson.of(json);
        }
        io.holdfast.format.json.GoJsonWriter w = new io.holdfast.format.json.GoJsonWriter(256).startArray();
        for (BackupHooks.Result h : hooks) {
            w.startObject()
                    .field("stage")
                    .string(h.stage())
                    .field("command")
                    .string(h.command())
                    .field("exit_code")
                    .raw(RawJson.of(Integer.toString(h.exitCode())))
                    .field("duration_ms")
                    .unsigned(h.duration().toMillis())
                    .field("output")
                    .string(h.output())
                    .endObject();
        }
        String array = new String(w.endArray().finish(false), java.nio.charset.StandardCharsets.UTF_8);
        return RawJson.of(json.substring(0, json.length() - 1) + ",\"hooks\":" + array + "}");
    }

    private static String base(BackupStats s, Instant start, Instant end, ZoneId zone) {
        String json = "{\"backup_start\":\"" + GoTime.format(OffsetDateTime.ofInstant(start, zone))
                + "\",\"backup_end\":\"" + GoTime.format(OffsetDateTime.ofInstant(end, zone))
                + "\",\"files_new\":" + s.filesNew.sum()
                + ",\"files_changed\":" + s.filesChanged.sum()
                + ",\"files_unmodified\":" + s.filesUnmodified.sum()
                + ",\"dirs_new\":" + s.dirsNew.sum()
                + ",\"dirs_changed\":" + s.dirsChanged.sum()
                + ",\"dirs_unmodified\":" + s.dirsUnmodified.sum()
                + ",\"data_blobs\":" + s.dataBlobs.sum()
                + ",\"tree_blobs\":" + s.treeBlobs.sum()
                + ",\"data_added\":" + (s.dataAddedPlain.sum() + s.treeAddedPlain.sum())
                + ",\"data_added_packed\":" + (s.dataAdded.sum() + s.treeAdded.sum())
                + ",\"total_files_processed\":" + s.filesProcessed.sum()
                + ",\"total_bytes_processed\":" + s.bytesProcessed.sum()
                + "}";
        return json;
    }
}
