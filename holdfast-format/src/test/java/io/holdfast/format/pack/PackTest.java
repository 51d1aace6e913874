package io.holdfast.format.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.format.BlobType;
import io.holdfast.format.Compression;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.crypto.Crypto;
import io.holdfast.format.crypto.MasterKey;
import io.holdfast.format.index.IndexFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackTest {
    private final Crypto crypto = new Crypto(MasterKey.random());

    @Test
    void packRoundTripThroughHeaderAndIndex() throws Exception {
        Random rnd = new Random(1);
        PackWriter w = new PackWriter(1024);
        List<byte[]> plains = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] plain = new byte[rnd.nextInt(5000) + 1];
            if (i % 2 == 0) {
                rnd.nextBytes(plain);
            }
            plains.add(plain);
            byte[] c = Compression.AUTO.compress(plain, 0, plain.length);
            byte[] enc = crypto.encrypt(c != null ? c : plain);
            w.add(
                    i % 3 == 0 ? BlobType.TREE : BlobType.DATA,
                    Id.hash(plain),
                    enc,
                    0,
                    enc.length,
                    c != null ? plain.length : 0);
        }
        int expected = w.finishedSize();
        PackWriter.Finished f = w.finish(crypto);
        assertThat(f.length()).isEqualTo(expected);
        byte[] pack = Arrays.copyOf(f.bytes(), f.length());
        assertThat(Id.hash(pack)).isEqualTo(f.id());

        int hlen = PackHeader.encryptedHeaderLength(pack, pack.length, "p");
        byte[] enc = Arrays.copyOfRange(pack, pack.length - 4 - hlen, pack.length - 4);
        List<PackedBlob> blobs = PackHeader.decode(crypto, enc, pack.length, "p");
        assertThat(blobs).isEqualTo(f.blobs());

        IndexFile idx = new IndexFile(List.of(), List.of(new IndexFile.Pack(f.id(), blobs)));
        IndexFile back = IndexFile.parse(idx.toJson(), "index/x");
        assertThat(back).isEqualTo(idx);

        for (int i = 0; i < blobs.size(); i++) {
            PackedBlob b = blobs.get(i);
            byte[] plain = crypto.decrypt(pack, (int) b.offset(), b.length(), "b");
            if (b.compressed()) {
                plain = Compression.decompress(plain, 0, plain.length, b.uncompressedLength(), "b");
            }
            assertThat(plain).isEqualTo(plains.get(i));
            assertThat(b.plaintextLength()).isEqualTo(plains.get(i).length);
        }
    }

    @Test
    void damagedHeaderLengthIsReported() {
        byte[] pack = new byte[100];
        pack[96] = (byte) 0xff;
        pack[97] = (byte) 0xff;
        assertThatThrownBy(() -> PackHeader.encryptedHeaderLength(pack, pack.length, "pack abc"))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("pack abc");
    }

    @Test
    void anEmptiedPackIsCorruptNotACrash() {
        // restic's repo-unused-data-missing fixture holds a pack file of 0 bytes
        for (int size : new int[] {0, 3}) {
            byte[] pack = new byte[size];
            assertThatThrownBy(() -> PackHeader.encryptedHeaderLength(pack, pack.length, "pack abc"))
                    .isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining("pack abc")
                    .hasMessageContaining("only " + size + " bytes");
        }
    }

    @Test
    void indexParsesRestic014Json() throws Exception {
        String json = "{\"supersedes\":[\"" + "ab".repeat(32) + "\"],\"packs\":[{\"id\":\"" + "cd".repeat(32)
                + "\",\"blobs\":[{\"id\":\"" + "ef".repeat(32)
                + "\",\"type\":\"data\",\"offset\":0,\"length\":100,\"uncompressed_length\":200},{\"id\":\""
                + "01".repeat(32) + "\",\"type\":\"tree\",\"offset\":100,\"length\":50}]}]}";
        IndexFile idx = IndexFile.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "i");
        assertThat(idx.supersedes()).containsExactly(Id.parse("ab".repeat(32)));
        assertThat(idx.packs().get(0).blobs())
                .containsExactly(
                        new PackedBlob(BlobType.DATA, Id.parse("ef".repeat(32)), 0, 100, 200),
                        new PackedBlob(BlobType.TREE, Id.parse("01".repeat(32)), 100, 50, 0));
        assertThatThrownBy(() -> IndexFile.parse("{\"packs\":[{\"blobs\":[]}]}".getBytes(), "index/zz"))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("index/zz");
    }
}
