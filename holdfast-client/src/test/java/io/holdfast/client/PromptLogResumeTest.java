package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.format.Id;
import io.holdfast.promptlog.LocalKeyStore;
import io.holdfast.promptlog.PromptLogOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prompt-log backup of a grown log continues from the last backup's checkpoint and stores exactly the file a whole
 * run stores; anything that makes that unsafe (a changed prefix, an erasure, a stream) falls back to the whole log.
 */
class PromptLogResumeTest {
    @TempDir
    Path tmp;

    private final Random random = new Random(11);
    private int n;

    private String records(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++, n++) {
            String s = String.format("subj-%03d", random.nextInt(300));
            sb.append("{\"ts\":\"2025-03-01T10:00:00Z\",\"user_id\":\"")
                    .append(s)
                    .append("\",\"prompt\":\"MARKER-")
                    .append(s)
                    .append('-')
                    .append(n)
                    .append(" how do I ")
                    .append(random.nextInt(100))
                    .append("\",\"response\":\"you do it like this ")
                    .append(random.nextLong())
                    .append("\"}\n");
        }
        return sb.toString();
    }

    private static BackupOptions options() {
        return new BackupOptions(
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                "host",
                null,
                false,
                "prompts.jsonl",
                List.of(),
                2,
                io.holdfast.engine.ModelOptions.DEFAULTS,
                null);
    }

    @Test
    void aGrownLogIsContinuedAndStoresWhatAWholeRunStores() throws Exception {
        Path repo = tmp.resolve("repo");
        Path log = tmp.resolve("prompts.jsonl");
        LocalKeyStore ks = LocalKeyStore.open(tmp.resolve("keystore"), "pw".toCharArray(), true, Clock.systemUTC());
        PromptLogOptions pl = PromptLogOptions.DEFAULTS.withTimestamp("/ts");
        try (Holdfast h = Holdfast.init(
                repo.toString(), ResticInteropTest.PASSWORD, InitOptions.DEFAULTS, ResticInteropTest.FAST_KDF)) {
            Files.writeString(log, records(3000));
            PromptLogResult day1 = h.backupPromptLog(options(), pl, ks, log, true, null, BackupProgress.NONE);
            assertThat(day1.resumedFrom()).isZero();
            assertThat(day1.resumeNote()).isEqualTo("no checkpoint of an earlier backup");
            long day1Bytes = Files.size(log);

            // day 2 ends with a line not finished by a newline yet: the checkpoint is taken before it
            String unfinished = "{\"ts\":\"2025-03-02T10:00:00Z\",\"user_id\":\"subj-007\",\"prompt\":\"half\"}";
            Files.writeString(log, records(800) + unfinished, StandardOpenOption.APPEND);
            PromptLogResult day2 = h.backupPromptLog(options(), pl, ks, log, true, null, BackupProgress.NONE);
            assertThat(day2.resumedFrom()).isEqualTo(day1Bytes);
            assertThat(day2.resumeNote()).isEmpty();
            assertThat(day2.log().records()).isEqualTo(3801);
            long day2Whole = Files.size(log) - unfinished.length();

            Files.writeString(log, "\n" + records(500), StandardOpenOption.APPEND);
            PromptLogResult day3 = h.backupPromptLog(options(), pl, ks, log, true, null, BackupProgress.NONE);
            assertThat(day3.resumedFrom()).isEqualTo(day2Whole);
            assertThat(day3.log().records()).isEqualTo(4301);
            assertThat(day3.log().bytesIn()).isEqualTo(Files.size(log));
            PromptLogResult whole = h.backupPromptLog(options(), pl, ks, log, false, null, BackupProgress.NONE);
            assertThat(whole.resumedFrom()).isZero();
            assertThat(whole.resumeNote()).isEqualTo("not asked to");
            assertThat(whole.backup().dataBlobs()).as("no new data blob").isZero();
            assertThat(whole.log().subjects()).isEqualTo(day3.log().subjects());
            assertThat(content(h, whole)).isEqualTo(content(h, day3)).isNotEmpty();
            assertThat(restore(h, ks, day3, "day3")).isEqualTo(Files.readString(log));

            // a changed earlier line: the whole log again, and still the file a whole run writes
            byte[] b = Files.readAllBytes(log);
            int at = new String(b, StandardCharsets.ISO_8859_1).indexOf("how do I");
            b[at] = 'H';
            Files.write(log, b);
            PromptLogResult changed = h.backupPromptLog(options(), pl, ks, log, true, null, BackupProgress.NONE);
            assertThat(changed.resumedFrom()).isZero();
            assertThat(changed.resumeNote()).isEqualTo("the log's earlier lines changed since the last backup");
            Files.writeString(log, records(100), StandardOpenOption.APPEND);
            assertThat(h.backupPromptLog(options(), pl, ks, log, true, null, BackupProgress.NONE)
                            .resumedFrom())
                    .isEqualTo(b.length);

            // an erasure deletes the checkpoints: the next backup envelopes the whole log without the subject
            ks.erase("subj-007", "request", "dpo", null);
            PromptLogResult erased = h.backupPromptLog(options(), pl, ks, log, true, null, BackupProgress.NONE);
            assertThat(erased.resumedFrom()).isZero();
            assertThat(erased.resumeNote()).isEqualTo("no checkpoint of an earlier backup");
            assertThat(erased.log().erasedSkipped()).isPositive();

            // a log that is shorter now (rotated) is not continued
            Files.writeString(log, records(10));
            PromptLogResult rotated = h.backupPromptLog(options(), pl, ks, log, true, null, BackupProgress.NONE);
            assertThat(rotated.resumeNote()).isEqualTo("the log is shorter than at the last backup");
            assertThat(h.check(CheckOptions.READ_DATA, BackupProgress.NONE).errors())
                    .isEmpty();
        }
        Restic restic = new Restic(repo, ResticInteropTest.PASSWORD);
        assertThat(restic.run("check", "--read-data").exit()).isZero();
    }

    private static List<Id> content(Holdfast h, PromptLogResult r) throws IOException {
        List<Id> content = new ArrayList<>();
        h.ls(r.backup().snapshotId().hex(), (path, node) -> {
            if (path.equals("/prompts.jsonl")) {
                content.addAll(java.util.Objects.requireNonNull(node.content()));
            }
            return true;
        });
        return content;
    }

    private String restore(Holdfast h, LocalKeyStore ks, PromptLogResult r, String dir) throws Exception {
        Path target = tmp.resolve(dir);
        PromptLogs.Hook hook = PromptLogs.restoreHook(ks);
        assertThat(h.restore(
                                r.backup().snapshotId().hex(),
                                io.holdfast.engine.fs.FsPath.of(target.toString()),
                                RestoreOptions.DEFAULTS,
                                BackupProgress.NONE,
                                hook)
                        .errors())
                .isEmpty();
        return Files.readString(target.resolve("prompts.jsonl"));
    }
}
