package io.holdfast.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.format.BlobType;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.model.codec.CodecOptions;
import io.holdfast.format.model.codec.EncodedHeader;
import io.holdfast.format.model.codec.TensorBase;
import io.holdfast.format.model.codec.TensorEncoder;
import io.holdfast.repository.Repository;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CodecReader} with and without the plaintext hash a file's manifest gives a piece: with it, blobs are not
 * hashed against their ids, so the hash must still catch a blob that is not the named piece and a wrong base.
 */
class CodecReaderTest {
    @TempDir
    Path tmp;

    private Repository repo;
    private final TensorEncoder encoder = new TensorEncoder(CodecOptions.DEFAULTS);

    @BeforeEach
    void init() throws Exception {
        repo = TestRepositories.init(tmp.resolve("repo"));
    }

    @AfterEach
    void close() throws Exception {
        repo.close();
    }

    /** bf16-like values: random mantissas, a narrow band of exponents. */
    private static byte[] tensor(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i += 2) {
            b[i] = (byte) r.nextInt(256);
            b[i + 1] = (byte) (0x3c + r.nextInt(3));
        }
        return b;
    }

    private Id save(byte[] encoded) throws Exception {
        return repo.blobSaver().save(BlobType.DATA, encoded).id();
    }

    @Test
    void aManifestHashBindsThePieceAndItsBase() throws Exception {
        byte[] a = tensor(1, 1 << 16);
        byte[] b = tensor(2, 1 << 16);
        byte[] a2 = a.clone();
        for (int i = 0; i < a2.length; i += 64) {
            a2[i] ^= 1; // a small fine-tune of a
        }
        Id ia = save(encoder.encode(a, 0, a.length, 2, null));
        Id ib = save(encoder.encode(b, 0, b.length, 2, null));
        byte[] delta = encoder.encode(a2, 0, a2.length, 2, TensorBase.of(ia, a));
        assertThat(EncodedHeader.parse(delta, "delta").delta()).isTrue();
        Id ia2 = save(delta);
        repo.blobSaver().flush();

        CodecReader reader = new CodecReader(repo);
        assertThat(reader.decode(ia, Id.hash(a))).isEqualTo(a);
        assertThat(reader.decode(ia, null)).isEqualTo(a);
        assertThat(reader.decode(ia2, Id.hash(a2))).isEqualTo(a2);
        assertThat(reader.decode(ia2, null)).isEqualTo(a2);

        // a manifest that names another tensor's plaintext than the blob holds
        assertThatThrownBy(() -> reader.decode(ib, Id.hash(a)))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining(ib.hex())
                .hasMessageContaining("manifest");
        assertThatThrownBy(() -> reader.decode(ia2, Id.hash(a)))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("manifest");
    }

    @Test
    void aDeltaOverAWrongBaseFailsWithoutIdHashing() throws Exception {
        byte[] a = tensor(3, 1 << 15);
        byte[] b = tensor(4, 1 << 15);
        byte[] a2 = a.clone();
        a2[10] ^= 4;
        Id ib = save(encoder.encode(b, 0, b.length, 2, null));
        // a delta whose header names b as its base although it was computed against a: what a wrong base looks like
        byte[] delta = encoder.encode(a2, 0, a2.length, 2, TensorBase.of(ib, a));
        assertThat(EncodedHeader.parse(delta, "delta").baseIds()).containsExactly(ib);
        Id id = save(delta);
        repo.blobSaver().flush();

        CodecReader reader = new CodecReader(repo);
        assertThatThrownBy(() -> reader.decode(id, Id.hash(a2)))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> reader.decode(id, null)).isInstanceOf(CorruptDataException.class);
    }
}
