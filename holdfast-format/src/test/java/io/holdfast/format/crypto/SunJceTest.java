package io.holdfast.format.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.NoSuchAlgorithmException;
import java.security.Security;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SunJceTest {
    private static final byte[] KEY = new byte[32];
    private static final byte[] IV = new byte[16];
    private static final byte[] DATA = "the same bytes whichever provider object made the cipher".getBytes();

    static {
        for (int i = 0; i < 32; i++) {
            KEY[i] = (byte) (7 * i + 1);
        }
        IV[15] = 9;
    }

    @Test
    void theProviderIsMadeDirectlyWhenThePackageIsOpen() throws Exception {
        // the tests run with --add-opens java.base/com.sun.crypto.provider, as the launcher does
        assertThat(SunJce.direct()).isTrue();
        Cipher c = SunJce.cipher("AES/CTR/NoPadding");
        assertThat(c.getProvider().getName()).isEqualTo("SunJCE");
        assertThat(c.getProvider()).isNotSameAs(Security.getProvider("SunJCE"));
    }

    @Test
    void cipherAndMacGiveWhatTheConfiguredProvidersGive() throws Exception {
        Cipher direct = SunJce.cipher("AES/CTR/NoPadding");
        Cipher usual = Cipher.getInstance("AES/CTR/NoPadding");
        direct.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new IvParameterSpec(IV));
        usual.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new IvParameterSpec(IV));
        assertThat(direct.doFinal(DATA)).isEqualTo(usual.doFinal(DATA)).isNotEqualTo(DATA);

        Mac m1 = SunJce.mac("HmacSHA256");
        Mac m2 = Mac.getInstance("HmacSHA256");
        m1.init(new SecretKeySpec(KEY, "HmacSHA256"));
        m2.init(new SecretKeySpec(KEY, "HmacSHA256"));
        assertThat(m1.doFinal(DATA)).isEqualTo(m2.doFinal(DATA)).hasSize(32);
    }

    @Test
    void aNameNoProviderKnowsFailsAsJcaFails() {
        // SunJCE's refusal falls through to the configured providers, whose refusal is the one reported
        assertThatThrownBy(() -> SunJce.cipher("NoSuchCipher/CTR/NoPadding"))
                .isInstanceOf(NoSuchAlgorithmException.class)
                .hasMessageContaining("NoSuchCipher");
        assertThatThrownBy(() -> SunJce.mac("HmacNoSuchHash")).isInstanceOf(NoSuchAlgorithmException.class);
    }
}
