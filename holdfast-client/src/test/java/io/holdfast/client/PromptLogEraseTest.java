package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.Snapshots;
import io.holdfast.promptlog.ErasureCertificate;
import io.holdfast.promptlog.LocalKeyStore;
import io.holdfast.promptlog.PromptLogOptions;
import io.holdfast.promptlog.SubjectIndexEntry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test: 1,000 subjects over 5 daily snapshots of a growing log; erasing one leaves no plaintext
 * of it in any decrypted blob, every snapshot restores to its day's log without that subject's lines and otherwise
 * byte-identical, and {@code check --read-data} (Holdfast's and restic's) is clean.
 */
class PromptLogEraseTest {
    private static final String ERASED = "subj-0042";

    @TempDir
    Path tmp;

    private static String record(Random r, int n) {
        String s = String.format("subj-%04d", n < 1000 ? n : r.nextInt(1000));
        return "{\"ts\":\"2025-03-0" + (1 + n / 2000) + "T10:00:00Z\",\"user_id\":\"" + s
                + "\",\"model\":\"chat-7b\",\"prompt\":\"MARKER-" + s + "-" + n + " how do I " + r.nextInt(100)
                + "\",\"response\":\"RESP-" + s + " you do it like this " + r.nextLong() + "\",\"latency_ms\":"
                + r.nextInt(5000) + "}\n";
    }

    @Test
    void erasingOneSubjectLeavesNoTraceAndEveryOtherRecordIntact() throws Exception {
        Path repo = tmp.resolve("repo");
        Path log = tmp.resolve("prompts.jsonl");
        Random r = new Random(6);
        StringBuilder text = new StringBuilder();
        List<String> days = new ArrayList<>();
        int n = 0;
        LocalKeyStore ks = LocalKeyStore.open(tmp.resolve("keystore"), "ks-pw".toCharArray(), true, Clock.systemUTC());
        PromptLogOptions pl =
                PromptLogOptions.DEFAULTS.withTimestamp("/ts").withPersonal(List.of("/prompt", "/response"));
        BackupOptions opts = new BackupOptions(
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
        try (Holdfast h = Holdfast.init(
                repo.toString(), ResticInteropTest.PASSWORD, InitOptions.DEFAULTS, ResticInteropTest.FAST_KDF)) {
            for (int day = 0; day < 5; day++) {
                for (int i = 0; i < (day == 0 ? 2000 : 500); i++) {
                    text.append(record(r, n++));
                }
                days.add(text.toString());
                Files.writeString(log, text);
                try (InputStream in = Files.newInputStream(log)) {
                    PromptLogResult res = h.backupPromptLog(opts, pl, ks, in, BackupProgress.NONE);
                    assertThat(res.log().records()).isEqualTo(n);
                    assertThat(res.backup().snapshotId()).isNotNull();
                }
            }
            List<Snapshots.Ref> snaps = h.snapshots();
            assertThat(snaps)
                    .hasSize(5)
                    .allSatisfy(s -> assertThat(s.snapshot().tags()).contains("promptlog"));
            // before erasure the subject is there, and found by the index
            assertThat(restore(h, ks, snaps.get(4), "before")).isEqualTo(days.get(4));
            List<SubjectIndexEntry> found = ks.find(ERASED);
            assertThat(found).hasSize(5).allSatisfy(e -> assertThat(e.path()).isEqualTo("/prompts.jsonl"));
            assertThat(found.get(4).records()).isEqualTo(days.get(4).split("\"" + ERASED + "\"", -1).length - 1L);

            Set<String> present = new HashSet<>();
            snaps.forEach(s -> present.add(s.id().hex()));
            long t0 = System.nanoTime();
            ErasureCertificate cert = ks.erase(ERASED, "GDPR art. 17 request 7", "dpo", present);
            long micros = (System.nanoTime() - t0) / 1000;
            assertThat(micros).isLessThan(1_000_000);
            assertThat(cert.snapshots()).containsExactlyInAnyOrderElementsOf(present);
            assertThat(ks.find(ERASED)).isEmpty();

            // no decrypted blob holds the subject's id or markers
            AtomicInteger blobs = new AtomicInteger();
            List<String> leaks = new ArrayList<>();
            h.repository().index().forEach(loc -> {
                try {
                    String plain = new String(h.repository().loader().load(loc), StandardCharsets.ISO_8859_1);
                    blobs.incrementAndGet();
                    if (plain.contains(ERASED) || plain.contains("MARKER-" + ERASED)) {
                        leaks.add(loc.id().hex());
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(blobs.get()).isGreaterThan(5);
            assertThat(leaks).isEmpty();
            // envelopes are cut with an eighth of restic's chunk sizes (restic's minimum alone is 512 KiB): the last
            // envelope's blobs are exactly the chunks the envelope chunker finds in it. (Comparing with the cuts
            // themselves, not a size bound: with the repository's random polynomial an 835 KB envelope has no cut
            // at all about once in 300 repositories.)
            assertThat(days.get(4).length()).isGreaterThan(3 << 18);
            List<io.holdfast.format.Id> content = new ArrayList<>();
            h.ls(snaps.get(4).id().hex(), (path, node) -> {
                if (path.equals("/prompts.jsonl")) {
                    content.addAll(java.util.Objects.requireNonNull(node.content()));
                }
                return true;
            });
            assertThat(content).isNotEmpty();
            java.io.ByteArrayOutputStream envelope = new java.io.ByteArrayOutputStream();
            List<Long> ends = new ArrayList<>(); // where each stored blob ends in the envelope
            for (io.holdfast.format.Id id : content) {
                envelope.writeBytes(h.repository().loadBlob(io.holdfast.format.BlobType.DATA, id));
                ends.add((long) envelope.size());
            }
            io.holdfast.format.chunker.ChunkerSpec spec =
                    PromptLogs.envelopeChunker(h.repository().chunkerSpec());
            assertThat(spec.maxSize()).isEqualTo(io.holdfast.format.chunker.ChunkerSpec.DEFAULT_MAX_SIZE / 8);
            assertThat(ends)
                    .isEqualTo(spec.newStreamChunker()
                            .boundaries(new java.io.ByteArrayInputStream(envelope.toByteArray())));
            long start = 0;
            for (long end : ends) {
                assertThat(end - start).isLessThanOrEqualTo(spec.maxSize());
                start = end;
            }

            LocalKeyStore reopened =
                    LocalKeyStore.open(tmp.resolve("keystore"), "ks-pw".toCharArray(), false, Clock.systemUTC());
            for (int day = 0; day < 5; day++) {
                String expected = days.get(day)
                        .lines()
                        .filter(l -> !l.contains("\"" + ERASED + "\""))
                        .map(l -> l + "\n")
                        .reduce("", String::concat);
                String restored = restore(h, reopened, snaps.get(day), "after" + day);
                assertThat(restored).isEqualTo(expected);
                assertThat(restored).doesNotContain(ERASED);
            }
            assertThat(h.check(CheckOptions.READ_DATA, BackupProgress.NONE).errors())
                    .isEmpty();
        }
        Restic restic = new Restic(repo, ResticInteropTest.PASSWORD);
        assertThat(restic.run("check", "--read-data").exit()).isZero();
        Path rt = tmp.resolve("restic-restore");
        assertThat(restic.run("restore", "latest", "--target", rt.toString()).exit())
                .isZero();
        byte[] envelope = Files.readAllBytes(rt.resolve("prompts.jsonl"));
        assertThat(envelope[0] & 0xff).isEqualTo(0x89);
        assertThat(new String(envelope, StandardCharsets.ISO_8859_1))
                .doesNotContain("MARKER-")
                .contains("chat-7b");
    }

    private String restore(Holdfast h, LocalKeyStore ks, Snapshots.Ref snap, String dir) throws Exception {
        Path target = tmp.resolve(dir);
        PromptLogs.Hook hook = PromptLogs.restoreHook(ks);
        assertThat(h.restore(
                                snap.id().hex(),
                                io.holdfast.engine.fs.FsPath.of(target.toString()),
                                RestoreOptions.DEFAULTS,
                                BackupProgress.NONE,
                                hook)
                        .errors())
                .isEmpty();
        assertThat(hook.files()).isEqualTo(1);
        return Files.readString(target.resolve("prompts.jsonl"));
    }
}
