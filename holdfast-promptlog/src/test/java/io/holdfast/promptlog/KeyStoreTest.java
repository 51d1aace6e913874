package io.holdfast.promptlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreTest {
    @TempDir
    Path dir;

    private static final char[] PW = "pw".toCharArray();

    @Test
    void keysSurviveReopeningAndTheWrongPasswordIsRefused() throws IOException {
        Path p = dir.resolve("a/keystore");
        LocalKeyStore ks = LocalKeyStore.open(p, PW, true, Clock.systemUTC());
        String h = ks.subjectHash("alice");
        assertThat(h).hasSize(64).isNotEqualTo(ks.subjectHash("bob"));
        SubjectKey k = ks.keyFor(h);
        ks.flush();
        LocalKeyStore again = LocalKeyStore.open(p, PW, false, Clock.systemUTC());
        assertThat(again.subjectHash("alice")).isEqualTo(h);
        assertThat(again.keyById(k.id())).isEqualTo(k);
        assertThat(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(h)
                .doesNotContain("alice");
        assertThatThrownBy(() -> LocalKeyStore.open(p, "nope".toCharArray(), false, Clock.systemUTC()))
                .isInstanceOf(WrongKeyStorePasswordException.class);
    }

    @Test
    void anOlderKeyStoreBroughtBackIsErasedAgainAndOldCopiesExpire() throws IOException {
        Path p = dir.resolve("keystore");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        LocalKeyStore ks = LocalKeyStore.open(p, PW, true, Clock.fixed(t0, ZoneOffset.UTC));
        SubjectKey k = ks.keyFor(ks.subjectHash("carol"));
        ks.recordBackup(
                "ab".repeat(32), "/log.jsonl", Map.of(ks.subjectHash("carol"), new SubjectStats(3, null, null)));
        Path copies = dir.resolve("copies");
        KeyStoreBackups.Result first =
                KeyStoreBackups.backup(p, copies, Duration.ofDays(7), Clock.fixed(t0, ZoneOffset.UTC));
        ErasureCertificate c = ks.erase("carol", "request", "op", null);
        assertThat(c.seq()).isEqualTo(1);
        assertThat(c.prev()).isEqualTo(ErasureCertificate.GENESIS);
        assertThat(c.snapshots()).containsExactly("ab".repeat(32));
        assertThat(ks.keyById(k.id())).isNull();

        LocalKeyStore restored = KeyStoreBackups.restore(first.file(), p, PW, Clock.systemUTC());
        assertThat(restored.reapplied()).extracting(ErasureCertificate::hash).containsExactly(c.hash());
        assertThat(restored.keyById(k.id())).isNull();
        assertThat(restored.find("carol")).isEmpty();
        assertThat(restored.erased(restored.subjectHash("carol"))).isTrue();

        KeyStoreBackups.Result later = KeyStoreBackups.backup(
                p, copies, Duration.ofDays(7), Clock.fixed(t0.plus(Duration.ofDays(8)), ZoneOffset.UTC));
        assertThat(later.removed()).containsExactly(first.file());
        assertThat(Files.exists(first.file())).isFalse();
    }
}
