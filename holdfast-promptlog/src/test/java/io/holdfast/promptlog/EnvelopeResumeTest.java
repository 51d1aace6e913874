package io.holdfast.promptlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Continuing an envelope from a checkpoint writes exactly what a run over the whole log writes. */
class EnvelopeResumeTest {
    private static final PromptLogOptions SKIP = PromptLogOptions.DEFAULTS.withOnBadRecord(BadRecordPolicy.SKIP);
    private static final String LONG = "{\"user_id\":\"user-1\",\"x\":\"" + "y".repeat(3000) + "\"}\n";

    @TempDir
    Path dir;

    private LocalKeyStore keystore() throws IOException {
        return LocalKeyStore.open(dir.resolve("ks"), "pw".toCharArray(), true, Clock.systemUTC());
    }

    /** A log of records, a blank line, a bad line and an over-long line, ending without a newline. */
    private static byte[] log() {
        String base = EnvelopeTest.log(600, 12, 7);
        StringBuilder sb = new StringBuilder();
        String[] lines = base.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            sb.append(lines[i]).append('\n');
            if (i == 50) {
                sb.append("  \n");
            }
            if (i == 120) {
                sb.append("not json\n");
            }
            if (i == 300) {
                sb.append(LONG);
            }
        }
        sb.append("{\"user_id\":\"user-3\",\"prompt\":\"the last line, without its newline\"}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static EnvelopeWriter writer(SubjectKeyStore ks, int subjects, int threads) {
        return new EnvelopeWriter(
                SKIP.withMaxRecordBytes(2048), ks, "log", EnvelopeFormat.HISTORY_BYTES, subjects, threads);
    }

    @Test
    void aResumedEnvelopeIsTheWholeRunsEnvelopeByteForByte() throws Exception {
        byte[] log = log();
        LocalKeyStore ks = keystore();
        for (int threads : new int[] {1, 4}) {
            for (int subjects : new int[] {EnvelopeFormat.HISTORY_SUBJECTS, 3}) {
                ByteArrayOutputStream whole = new ByteArrayOutputStream();
                EncodeResult all = writer(ks, subjects, threads).write(new ByteArrayInputStream(log), whole);
                // days that end at a newline, in the middle of a line, and the whole log
                for (int[] days : new int[][] {{20_000, log.length}, {35_000, 120_000, log.length}, {log.length}}) {
                    byte[] envelope = new byte[0];
                    EnvelopeCheckpoint from = null;
                    EncodeResult r = null;
                    for (int end : days) {
                        byte[] day = Arrays.copyOf(log, end);
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        EnvelopeWriter w = writer(ks, subjects, threads);
                        if (from == null) {
                            r = w.write(new ByteArrayInputStream(day), out);
                            envelope = out.toByteArray();
                        } else {
                            int at = Math.toIntExact(from.logBytes());
                            MessageDigest d = MessageDigest.getInstance("SHA-256");
                            d.update(day, 0, at);
                            byte[] rest = Arrays.copyOfRange(day, at, day.length);
                            r = w.resume(from, d, new ByteArrayInputStream(rest), out);
                            envelope = concat(
                                    Arrays.copyOf(envelope, Math.toIntExact(from.envelopeBytes())), out.toByteArray());
                        }
                        assertThat(r.bytesOut()).isEqualTo(envelope.length);
                        EnvelopeCheckpoint next = w.checkpoint();
                        assertThat(next).isNotNull();
                        assertThat(next.logBytes()).isLessThanOrEqualTo(end);
                        assertThat(day[Math.toIntExact(next.logBytes()) - 1]).isEqualTo((byte) '\n');
                        ks.saveCheckpoint("ab".repeat(32), next.withSource("src", List.of("c1")));
                        from = ks.loadCheckpoint("ab".repeat(32));
                        assertThat(from).isNotNull();
                        assertThat(from.source()).isEqualTo("src");
                        assertThat(from.content()).containsExactly("c1");
                    }
                    assertThat(envelope).isEqualTo(whole.toByteArray());
                    assertThat(r).isNotNull();
                    assertThat(r.lines()).isEqualTo(all.lines());
                    assertThat(r.records()).isEqualTo(all.records());
                    assertThat(r.bytesIn()).isEqualTo(log.length);
                    assertThat(r.badCount()).isEqualTo(all.badCount()).isEqualTo(2);
                    assertThat(r.subjects()).isEqualTo(all.subjects());
                    String kept = new String(log, StandardCharsets.UTF_8)
                            .replace("not json\n", "")
                            .replace(LONG, "");
                    assertThat(new String(EnvelopeTest.decode(ks, envelope), StandardCharsets.UTF_8))
                            .isEqualTo(kept);
                }
            }
        }
    }

    @Test
    void badLinesAfterTheCheckpointKeepTheirLineNumbers() throws Exception {
        LocalKeyStore ks = keystore();
        byte[] day1 = EnvelopeTest.log(10, 3, 1).getBytes(StandardCharsets.UTF_8);
        byte[] day2 = concat(day1, "oops\n".getBytes(StandardCharsets.UTF_8));
        EnvelopeWriter w = new EnvelopeWriter(SKIP, ks, "log");
        w.write(new ByteArrayInputStream(day1), new ByteArrayOutputStream());
        EnvelopeCheckpoint c = w.checkpoint();
        assertThat(c).isNotNull();
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(day1);
        EncodeResult r = new EnvelopeWriter(SKIP, ks, "log")
                .resume(
                        c,
                        d,
                        new ByteArrayInputStream("oops\n".getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream());
        assertThat(r.badRecords())
                .singleElement()
                .satisfies(b -> assertThat(b.line()).isEqualTo(11));
        assertThat(r.lines()).isEqualTo(11);
        assertThat(r.bytesIn()).isEqualTo(day2.length);
    }

    @Test
    void historiesAreSealedWithTheirSubjectsKeysAndAnErasureEndsTheCheckpoint() throws Exception {
        LocalKeyStore ks = keystore();
        byte[] log = EnvelopeTest.log(40, 4, 3).getBytes(StandardCharsets.UTF_8);
        EnvelopeWriter w = new EnvelopeWriter(PromptLogOptions.DEFAULTS, ks, "log");
        w.write(new ByteArrayInputStream(log), new ByteArrayOutputStream());
        EnvelopeCheckpoint c = w.checkpoint();
        assertThat(c).isNotNull();
        assertThat(c.histories).isNotEmpty();
        String inner = new String(plain(c, ks), StandardCharsets.ISO_8859_1);
        assertThat(inner)
                .doesNotContain("MARK-user-")
                .contains(c.subjects.keySet().iterator().next());
        assertThat(c.stale(ks, PromptLogOptions.DEFAULTS)).isNull();
        assertThat(c.stale(ks, PromptLogOptions.DEFAULTS.withPersonal(List.of("/prompt"))))
                .isEqualTo("the prompt-log options changed");
        assertThatThrownBy(() -> new EnvelopeWriter(PromptLogOptions.DEFAULTS.withPersonal(List.of("/prompt")), ks, "l")
                        .resume(
                                c,
                                MessageDigest.getInstance("SHA-256"),
                                new ByteArrayInputStream(new byte[0]),
                                new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class);

        String id = "cd".repeat(32);
        ks.saveCheckpoint(id, c);
        ks.erase("user-2", "request", "test", null);
        assertThat(c.stale(ks, PromptLogOptions.DEFAULTS)).isEqualTo("a subject of the log was erased since");
        assertThat(ks.loadCheckpoint(id))
                .as("an erasure deletes every checkpoint")
                .isNull();
        assertThatThrownBy(() -> plain(c, ks)).hasMessageContaining("key of a subject");
    }

    /** The checkpoint as written, with its outer encryption left out: the histories must still be sealed. */
    private static byte[] plain(EnvelopeCheckpoint c, SubjectKeyStore ks) throws IOException {
        EnvelopeCheckpoint.Outer none = new EnvelopeCheckpoint.Outer() {
            @Override
            public byte[] seal(byte[] plain) {
                return plain;
            }

            @Override
            public byte[] open(byte[] sealed) {
                return sealed;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.writeTo(out, ks, none);
        byte[] b = out.toByteArray();
        EnvelopeCheckpoint back = EnvelopeCheckpoint.readFrom(b, ks, none);
        assertThat(back.histories).containsOnlyKeys(c.histories.keySet().toArray(String[]::new));
        assertThat(List.copyOf(back.histories.keySet())).isEqualTo(List.copyOf(c.histories.keySet()));
        b[b.length - 1] ^= 1;
        assertThatThrownBy(() -> EnvelopeCheckpoint.readFrom(b, ks, none)).isInstanceOf(IOException.class);
        b[b.length - 1] ^= 1;
        return b;
    }

    @Test
    void aDayThatSeesOneSubjectOpensAndResealsOnlyItsHistory() throws Exception {
        LocalKeyStore ks = keystore();
        String id = "ef".repeat(32);
        byte[] day1 = EnvelopeTest.log(400, 20, 5).getBytes(StandardCharsets.UTF_8);
        byte[] day2 = concat(
                day1,
                "{\"user_id\":\"user-3\",\"prompt\":\"a later question\"}\n"
                        .repeat(3)
                        .getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        writer(ks, EnvelopeFormat.HISTORY_SUBJECTS, 2).write(new ByteArrayInputStream(day2), whole);

        EnvelopeWriter first = writer(ks, EnvelopeFormat.HISTORY_SUBJECTS, 2);
        ByteArrayOutputStream envelope = new ByteArrayOutputStream();
        first.write(new ByteArrayInputStream(day1), envelope);
        ks.saveCheckpoint(id, Objects.requireNonNull(first.checkpoint()));
        Map<String, byte[]> before = sealedHistories(Objects.requireNonNull(ks.loadCheckpoint(id)), ks);
        assertThat(before).hasSizeGreaterThan(10);

        EnvelopeCheckpoint from = Objects.requireNonNull(ks.loadCheckpoint(id));
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(day1);
        EnvelopeWriter second = writer(ks, EnvelopeFormat.HISTORY_SUBJECTS, 2);
        second.resume(from, d, new ByteArrayInputStream(Arrays.copyOfRange(day2, day1.length, day2.length)), envelope);
        assertThat(envelope.toByteArray())
                .as("the same envelope as a whole run")
                .isEqualTo(whole.toByteArray());
        ks.saveCheckpoint(id, Objects.requireNonNull(second.checkpoint()));
        Map<String, byte[]> after = sealedHistories(Objects.requireNonNull(ks.loadCheckpoint(id)), ks);

        String seen = ks.keyFor(ks.subjectHash("user-3")).idHex();
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
        for (String key : before.keySet()) {
            if (key.equals(seen)) {
                assertThat(after.get(key))
                        .as("the history of the subject seen, sealed again")
                        .isNotEqualTo(before.get(key));
            } else {
                assertThat(after.get(key))
                        .as("a history not opened is written back as it was")
                        .isEqualTo(before.get(key));
            }
        }
    }

    @Test
    void aDamagedOrEarlierCheckpointIsNotContinued() throws Exception {
        LocalKeyStore ks = keystore();
        String id = "cd".repeat(32);
        EnvelopeWriter w = writer(ks, EnvelopeFormat.HISTORY_SUBJECTS, 1);
        w.write(
                new ByteArrayInputStream(EnvelopeTest.log(100, 5, 2).getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream());
        ks.saveCheckpoint(id, Objects.requireNonNull(w.checkpoint()));
        Path file = dir.resolve("ks.checkpoints").resolve(id);
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[flipped.length - 100] ^= 1; // inside the last sealed history, never opened at load
        Files.write(file, flipped);
        assertThatThrownBy(() -> ks.loadCheckpoint(id)).hasMessageContaining("damaged envelope checkpoint");

        byte[] earlier = good.clone();
        System.arraycopy("HFPLCK02".getBytes(StandardCharsets.US_ASCII), 0, earlier, 0, 8);
        Files.write(file, earlier);
        assertThatThrownBy(() -> ks.loadCheckpoint(id)).hasMessageContaining("earlier Holdfast");

        Files.write(file, good);
        assertThat(ks.loadCheckpoint(id)).isNotNull();
    }

    /** Each history's sealed bytes as the checkpoint holds them, by key id. */
    private static Map<String, byte[]> sealedHistories(EnvelopeCheckpoint c, SubjectKeyStore ks) {
        Map<String, byte[]> out = new java.util.HashMap<>();
        c.histories.forEach((key, h) -> {
            assertThat(h.sealed()).as("read sealed, opened only when used").isTrue();
            out.put(
                    key,
                    h.seal(Objects.requireNonNull(
                            ks.keyById(java.util.HexFormat.of().parseHex(key)))));
        });
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
