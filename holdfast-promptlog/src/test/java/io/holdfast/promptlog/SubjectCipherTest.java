package io.holdfast.promptlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/** One subject's cipher, used for many records in a row as the sealers and the checkpoint use it. */
class SubjectCipherTest {
    private static final byte[] AAD = "frame head".getBytes(StandardCharsets.US_ASCII);

    private static SubjectKey key(int seed) {
        byte[] id = new byte[SubjectKey.ID_BYTES];
        byte[] k = new byte[32];
        id[0] = (byte) seed;
        k[0] = (byte) seed;
        return new SubjectKey(id, k);
    }

    @Test
    void anEqualRecordTwiceInARowSealsToTheSameBytesAndEveryRecordOpens() throws Exception {
        SubjectCipher c = new SubjectCipher(key(1));
        byte[] a = "the same request".getBytes(StandardCharsets.UTF_8);
        byte[] b = "another request".getBytes(StandardCharsets.UTF_8);

        byte[] first = c.seal(AAD, a);
        byte[] again = c.seal(AAD, a); // same key and nonce on one Cipher, which the JDK refuses unless re-created
        byte[] other = c.seal(AAD, b);
        byte[] third = c.seal(AAD, a);

        assertThat(again).isEqualTo(first).isEqualTo(third);
        assertThat(other).isNotEqualTo(first);
        assertThat(new SubjectCipher(key(1)).seal(AAD, a))
                .as("a function of key, aad and plaintext")
                .isEqualTo(first);
        assertThat(c.open(AAD, first, 0, first.length)).isEqualTo(a);
        assertThat(c.open(AAD, other, 0, other.length)).isEqualTo(b);
        assertThat(c.open(AAD, again, 0, again.length)).isEqualTo(a);
    }

    @Test
    void opensWithItsOwnKeyAndAssociatedDataOnly() throws Exception {
        SubjectCipher c = new SubjectCipher(key(1));
        byte[] sealed = c.sealRandom(AAD, "history".getBytes(StandardCharsets.UTF_8));
        byte[] sealedAgain = c.sealRandom(AAD, "history".getBytes(StandardCharsets.UTF_8));
        assertThat(sealedAgain).as("a random nonce each time").isNotEqualTo(sealed);

        assertThatThrownBy(() -> new SubjectCipher(key(2)).open(AAD, sealed, 0, sealed.length))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> c.open(new byte[] {1}, sealed, 0, sealed.length))
                .isInstanceOf(AEADBadTagException.class);
        assertThat(c.open(AAD, sealed, 0, sealed.length))
                .as("after a failed open")
                .containsExactly("history".getBytes(StandardCharsets.UTF_8));
    }
}
