package io.holdfast.promptlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeTest {
    @TempDir
    Path dir;

    static String log(int records, int subjects, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < records; i++) {
            int s = r.nextInt(subjects);
            sb.append("{\"id\":\"req-")
                    .append(i)
                    .append("\",\"ts\":\"2025-03-01T00:00:")
                    .append(String.format("%02d", i % 60))
                    .append("Z\",\"user_id\":\"user-")
                    .append(s)
                    .append("\",\"model\":\"m1\",\"prompt\":\"MARK-user-")
                    .append(s)
                    .append("-")
                    .append(i)
                    .append(" tell me about \\\"quotes\\\" and ünïcödé\",\"usage\":{\"n\":")
                    .append(i)
                    .append("},\"response\":{\"text\":\"answer ")
                    .append(r.nextInt())
                    .append("\",\"tags\":[1,2,{\"a\":null}]}}\n");
        }
        return sb.toString();
    }

    private LocalKeyStore keystore() throws IOException {
        return LocalKeyStore.open(dir.resolve("ks"), "pw".toCharArray(), true, Clock.systemUTC());
    }

    static byte[] encode(PromptLogOptions o, SubjectKeyStore ks, byte[] log) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EnvelopeWriter(o, ks, "log").write(new ByteArrayInputStream(log), out);
        return out.toByteArray();
    }

    static byte[] decode(SubjectKeyStore ks, byte[] env) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EnvelopeReader(ks, "log").read(new ByteArrayInputStream(env), out);
        return out.toByteArray();
    }

    @Test
    void roundTripsByteForByteAndIsDeterministic() throws IOException {
        byte[] log = (log(300, 20, 1) + "   \n" + "{\"user_id\":7,\"x\":1}").getBytes(StandardCharsets.UTF_8);
        LocalKeyStore ks = keystore();
        for (PromptLogOptions o : List.of(
                PromptLogOptions.DEFAULTS,
                PromptLogOptions.DEFAULTS.withPersonal(List.of("/prompt", "/response", "/usage/n")),
                PromptLogOptions.DEFAULTS.withPersonal(List.of("/response/tags/2")))) {
            byte[] env = encode(o, ks, log);
            assertThat(EnvelopeReader.isEnvelope(env, env.length)).isTrue();
            String raw = new String(env, StandardCharsets.ISO_8859_1);
            assertThat(raw.contains("\"user_id\":\"user-")).isFalse();
            assertThat(raw.contains("MARK-")).isEqualTo(o.personal().size() == 1);
            assertThat(decode(ks, env)).isEqualTo(log);
            assertThat(encode(o, ks, log)).isEqualTo(env);
        }
    }

    @Test
    void clearFieldsStayReadableAndAnAppendedLogKeepsItsPrefix() throws IOException {
        String day1 = log(200, 10, 2);
        String day2 = day1 + log(50, 10, 3);
        LocalKeyStore ks = keystore();
        PromptLogOptions o = PromptLogOptions.DEFAULTS.withPersonal(List.of("/prompt", "/response"));
        byte[] e1 = encode(o, ks, day1.getBytes(StandardCharsets.UTF_8));
        byte[] e2 = encode(o, ks, day2.getBytes(StandardCharsets.UTF_8));
        assertThat(java.util.Arrays.equals(e1, 0, e1.length, e2, 0, e1.length)).isTrue();
        String clear = new String(e2, StandardCharsets.UTF_8);
        assertThat(clear).contains("\"model\":\"m1\"").doesNotContain("user-").doesNotContain("MARK-");
    }

    @Test
    void destroyedKeysDropExactlyThatSubjectsRecords() throws IOException {
        String text = log(400, 25, 4);
        LocalKeyStore ks = keystore();
        byte[] env = encode(PromptLogOptions.DEFAULTS, ks, text.getBytes(StandardCharsets.UTF_8));
        ErasureCertificate c = ks.erase("user-3", "request 42", "alice", null);
        assertThat(c.keyIds()).hasSize(1);
        String expected = text.lines()
                .filter(l -> !l.contains("\"user_id\":\"user-3\""))
                .map(l -> l + "\n")
                .reduce("", String::concat);
        LocalKeyStore reopened = LocalKeyStore.open(dir.resolve("ks"), "pw".toCharArray(), false, Clock.systemUTC());
        assertThat(new String(decode(reopened, env), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(expected).isNotEqualTo(text);
        // a later backup of the same source leaves the erased subject out
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncodeResult r = new EnvelopeWriter(PromptLogOptions.DEFAULTS, reopened, "log")
                .write(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), out);
        assertThat(r.erasedSkipped()).isEqualTo(text.split("\"user-3\"", -1).length - 1);
        assertThat(new String(decode(reopened, out.toByteArray()), StandardCharsets.UTF_8))
                .isEqualTo(expected);
    }

    @Test
    void badLinesAreReportedWithLineNumbersOrFailTheRun() throws IOException {
        String text = "{\"user_id\":\"a\",\"p\":1}\n" + "{\"user_id\":\"a\",\n" + "{\"p\":2}\n"
                + "x".repeat(5000) + "\n" + "[1,2]\n" + "{\"user_id\":{\"x\":1}}\n" + "{\"user_id\":\"b\"} {}\n"
                + "{\"user_id\":\"b\",\"p\":3}\n";
        byte[] log = text.getBytes(StandardCharsets.UTF_8);
        LocalKeyStore ks = keystore();
        PromptLogOptions skip =
                PromptLogOptions.DEFAULTS.withOnBadRecord(BadRecordPolicy.SKIP).withMaxRecordBytes(4096);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncodeResult r = new EnvelopeWriter(skip, ks, "log").write(new ByteArrayInputStream(log), out);
        assertThat(r.records()).isEqualTo(2);
        assertThat(r.lines()).isEqualTo(8);
        assertThat(r.badCount()).isEqualTo(6);
        assertThat(r.badRecords()).extracting(BadRecord::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(r.badRecords().get(0).reason()).startsWith("malformed JSON");
        assertThat(r.badRecords().get(1).reason()).isEqualTo("no subject at /user_id");
        assertThat(r.badRecords().get(2).reason()).isEqualTo("longer than 4096 bytes");
        assertThat(r.badRecords().get(2).bytes()).isEqualTo(5000);
        assertThat(new String(decode(ks, out.toByteArray()), StandardCharsets.UTF_8))
                .isEqualTo("{\"user_id\":\"a\",\"p\":1}\n{\"user_id\":\"b\",\"p\":3}\n");
        PromptLogOptions fail = skip.withOnBadRecord(BadRecordPolicy.FAIL);
        assertThatThrownBy(() -> new EnvelopeWriter(fail, ks, "log")
                        .write(new ByteArrayInputStream(log), new ByteArrayOutputStream()))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void damageIsDetected() throws IOException {
        LocalKeyStore ks = keystore();
        byte[] env = encode(PromptLogOptions.DEFAULTS, ks, log(20, 3, 5).getBytes(StandardCharsets.UTF_8));
        byte[] bad = env.clone();
        bad[bad.length - 3] ^= 1;
        assertThatThrownBy(() -> decode(ks, bad)).isInstanceOf(EnvelopeException.class);
        byte[] cut = java.util.Arrays.copyOf(env, env.length - 5);
        assertThatThrownBy(() -> decode(ks, cut))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void recordsCompressAgainstTheirSubjectsHistoryAndStayDecodableWhenHistoriesAreDroppedOrErased()
            throws IOException {
        String text = log(600, 12, 6);
        byte[] log = text.getBytes(StandardCharsets.UTF_8);
        LocalKeyStore ks = keystore();
        PromptLogOptions o = PromptLogOptions.DEFAULTS;
        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        new EnvelopeWriter(o, ks, "log", 0, 1, 2).write(new ByteArrayInputStream(log), v1);
        byte[] v2 = encode(o, ks, log);
        // version 1 envelopes (no history) are still read; version 2 is smaller on a log whose records repeat
        assertThat(new String(v1.toByteArray(), StandardCharsets.ISO_8859_1)).contains("\"version\":1");
        assertThat(new String(v2, StandardCharsets.ISO_8859_1)).contains("\"version\":2");
        assertThat(decode(ks, v1.toByteArray())).isEqualTo(log);
        assertThat(v2.length).isLessThan(v1.size() * 9 / 10);
        // at most 3 subjects keep a history: the reader drops the same ones at the same frames
        ByteArrayOutputStream small = new ByteArrayOutputStream();
        new EnvelopeWriter(o, ks, "log", 4096, 3, 3).write(new ByteArrayInputStream(log), small);
        assertThat(decode(ks, small.toByteArray())).isEqualTo(log);
        // the envelope does not depend on how many threads sealed it
        ByteArrayOutputStream oneThread = new ByteArrayOutputStream();
        new EnvelopeWriter(o, ks, "log", 4096, 3, 1).write(new ByteArrayInputStream(log), oneThread);
        assertThat(oneThread.toByteArray()).isEqualTo(small.toByteArray());
        assertThat(small.size()).isGreaterThan(v2.length).isLessThan(v1.size());
        // an erased subject's frames still count for the order in which histories are dropped
        ks.erase("user-5", "request 7", "bob", null);
        String expected = text.lines()
                .filter(l -> !l.contains("\"user_id\":\"user-5\""))
                .map(l -> l + "\n")
                .reduce("", String::concat);
        assertThat(new String(decode(ks, small.toByteArray()), StandardCharsets.UTF_8))
                .isEqualTo(expected);
        assertThat(new String(decode(ks, v2), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    /** One subject's log: a record of {@code first}, 24 KB of records of random text, then a record of {@code last}. */
    private static byte[] deepRepeatLog(String first, String last) {
        Random r = new Random(3);
        StringBuilder sb = new StringBuilder("{\"user_id\":\"u\",\"prompt\":\"" + first + "\"}\n");
        for (int i = 0; i < 24; i++) {
            sb.append("{\"user_id\":\"u\",\"prompt\":\"")
                    .append(randomText(r, 1_000))
                    .append("\"}\n");
        }
        return sb.append("{\"user_id\":\"u\",\"prompt\":\"" + last + "\"}\n")
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String randomText(Random r, int chars) {
        StringBuilder sb = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    @Test
    void aRecordMatchesItsHistoryFurtherBackThanZstdsWindowAndOlderHistorySizesAreStillRead() throws IOException {
        // zstd's window is 16 KiB (RecordSealer); a record repeating text 24 KB back in its subject's 32 KiB history
        // still compresses against it (the dictionary is reachable whatever the window) and decodes
        LocalKeyStore ks = keystore();
        PromptLogOptions o = PromptLogOptions.DEFAULTS;
        Random r = new Random(5);
        String text = randomText(r, 1_500);
        byte[] repeated = deepRepeatLog(text, text);
        byte[] fresh = deepRepeatLog(text, randomText(r, 1_500));
        ByteArrayOutputStream withRepeat = new ByteArrayOutputStream();
        new EnvelopeWriter(o, ks, "log", 32 * 1024, 8, 2).write(new ByteArrayInputStream(repeated), withRepeat);
        ByteArrayOutputStream withoutRepeat = new ByteArrayOutputStream();
        new EnvelopeWriter(o, ks, "log", 32 * 1024, 8, 2).write(new ByteArrayInputStream(fresh), withoutRepeat);
        assertThat(new String(withRepeat.toByteArray(), StandardCharsets.ISO_8859_1))
                .contains("\"history_bytes\":32768");
        assertThat(withRepeat.size()).isLessThan(withoutRepeat.size() - 800);
        assertThat(decode(ks, withRepeat.toByteArray())).isEqualTo(repeated);
        assertThat(decode(ks, withoutRepeat.toByteArray())).isEqualTo(fresh);
        // the default history (16 KiB) no longer holds text 24 KB back: no such gain, and the header says its size
        byte[] current = encode(o, ks, repeated);
        assertThat(new String(current, StandardCharsets.ISO_8859_1))
                .contains("\"history_bytes\":" + EnvelopeFormat.HISTORY_BYTES);
        assertThat(current.length).isGreaterThan(withRepeat.size() + 800);
        assertThat(decode(ks, current)).isEqualTo(repeated);
    }

    @Test
    void historyKeepsTheLastBytesOfEachSubject() {
        SubjectHistories h = new SubjectHistories(new byte[] {9}, 8, 2);
        SubjectHistories.History a = h.touch("a");
        assertThat(a.dictionary()).isNull();
        a.append(new byte[] {1, 2, 3});
        a.append(new byte[] {4, 5, 6, 7});
        assertThat(a.dictionary()).containsExactly(9, 1, 2, 3, 4, 5, 6, 7);
        a.append(new byte[] {8, 10});
        byte[] full = a.dictionary();
        assertThat(full).containsExactly(9, 2, 3, 4, 5, 6, 7, 8, 10);
        a.append(new byte[] {11, 12});
        assertThat(a.dictionary())
                .as("a full history moves in place: no new array per record")
                .isSameAs(full)
                .containsExactly(9, 4, 5, 6, 7, 8, 10, 11, 12);
        a.append(new byte[] {11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
        assertThat(a.dictionary()).isSameAs(full).containsExactly(9, 13, 14, 15, 16, 17, 18, 19, 20);
        h.touch("b").append(new byte[] {1});
        h.touch("a");
        h.touch("c");
        assertThat(h.touch("a").dictionary()).hasSize(9);
        assertThat(h.touch("b").dictionary()).isNull();

        java.util.LinkedHashMap<String, SavedHistory> saved = h.export();
        assertThat(saved.get("a").plain(null)).containsExactly(13, 14, 15, 16, 17, 18, 19, 20);
        SubjectHistories back = new SubjectHistories(new byte[] {9}, 8, 2);
        back.restore(saved);
        assertThat(saved).as("restore takes the saved histories").isEmpty();
        assertThat(back.touch("a").dictionary()).containsExactly(9, 13, 14, 15, 16, 17, 18, 19, 20);
    }
}
