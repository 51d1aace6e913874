package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.ForgetOptions;
import io.holdfast.engine.ForgetPolicy;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.format.FormatJson;
import io.holdfast.format.Id;
import io.holdfast.format.model.codec.CodecManifest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model codec end to end: backup of safetensors checkpoints into a {@code --model-codec} repository, deltas
 * against the parent snapshot, restore and {@code check --read-data}, and forget + prune of the base snapshot.
 */
class ModelCodecTest {
    @TempDir
    Path tmp;

    /** A safetensors file: {@code bf16} matrices ~ N(0, 0.02) and fp32 norms, fine-tuned by {@code ft} (0 = base). */
    static byte[] safetensors(long seed, int tensors, int rows, double ft, double share) {
        StringBuilder json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        SplittableRandom pick = new SplittableRandom(seed ^ 0x5eed);
        for (int t = 0; t < tensors; t++) {
            boolean norm = t % 4 == 3;
            int cols = t == 0 ? 256 : 64; // tensor 0 is larger than a piece (4 MiB) and is split
            int count = norm ? rows : rows * cols;
            int width = norm ? 4 : 2;
            SplittableRandom r = new SplittableRandom(t);
            boolean tuned = ft > 0 && pick.nextDouble() < share;
            SplittableRandom d = new SplittableRandom(seed * 1000 + t);
            ByteBuffer b = ByteBuffer.allocate(count * width).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                double v = norm ? 1 + r.nextGaussian() * 0.02 : r.nextGaussian() * 0.02;
                if (tuned) {
                    v += d.nextGaussian() * 0.02 * ft;
                }
                int bits = Float.floatToRawIntBits((float) v);
                if (norm) {
                    b.putInt(bits);
                } else {
                    b.putShort((short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16));
                }
            }
            int start = data.size();
            data.writeBytes(b.array());
            json.append(",\"layer.")
                    .append(t)
                    .append("\":{\"dtype\":\"")
                    .append(norm ? "F32" : "BF16")
                    .append("\",\"shape\":[")
                    .append(norm ? "" + rows : rows + "," + cols)
                    .append("],\"data_offsets\":[")
                    .append(start)
                    .append(',')
                    .append(data.size())
                    .append("]}");
        }
        json.append('}');
        while ((json.length() + 8) % 8 != 0) {
            json.append(' ');
        }
        byte[] header = json.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header).put(data.toByteArray());
        return out.array();
    }

    static InitOptions codecInit() {
        var ext = FormatJson.mapper().createObjectNode();
        ext.put("model_codec", "v1");
        return new InitOptions(2, ext);
    }

    @Test
    void deltasSurviveForgetAndPruneOfTheirBase() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path model = src.resolve("model.safetensors");
        Files.write(src.resolve("notes.txt"), "not a model".getBytes(StandardCharsets.UTF_8));
        byte[] base = safetensors(1, 12, 10_000, 0, 0);
        byte[] ft1 = safetensors(2, 12, 10_000, 0.01, 1.0);
        byte[] ft2 = safetensors(3, 12, 10_000, 0.01, 0.3);
        Path repo = tmp.resolve("repo");
        try (Holdfast h =
                Holdfast.init(repo.toString(), ResticInteropTest.PASSWORD, codecInit(), ResticInteropTest.FAST_KDF)) {
            BackupOptions opts = BackupOptions.DEFAULTS.withPaths(src);
            Files.write(model, base);
            BackupResult r0 = h.backup(opts, BackupProgress.NONE);
            assertThat((double) r0.dataAdded()).isLessThan(base.length * 0.85);
            assertManifestHashes(h, model, base);
            Files.write(model, ft1);
            BackupResult r1 = h.backup(opts, BackupProgress.NONE);
            // every tensor moved by 1% of its std: plain zstd would store it all again
            assertThat((double) r1.dataAdded()).isLessThan(base.length * 0.5);
            Files.write(model, ft2);
            BackupResult r2 = h.backup(opts, BackupProgress.NONE);
            assertThat(r2.dataAdded()).isLessThan(r1.dataAdded());
            assertManifestHashes(h, model, ft2);

            assertThat(h.check(CheckOptions.READ_DATA, BackupProgress.NONE).errors())
                    .isEmpty();
            restoreAndCompare(h, tmp.resolve("r2"), model, ft2);

            // forget the first two snapshots (the base of every delta) and prune
            ForgetResult f =
                    h.forget(ForgetOptions.of(ForgetPolicy.builder().keepLast(1).build()), true);
            assertThat(f.removed()).hasSize(2);
            assertThat(h.check(CheckOptions.READ_DATA, BackupProgress.NONE).errors())
                    .isEmpty();
            restoreAndCompare(h, tmp.resolve("r3"), model, ft2);
        }
        // restic reads and checks the repository (the base blobs are referenced from the tree)
        Restic restic = new Restic(repo, ResticInteropTest.PASSWORD);
        restic.ok("check", "--read-data");
    }

    /** Every encoded piece of the latest snapshot's {@code model} names the SHA-256 of its bytes of {@code file}. */
    private static void assertManifestHashes(Holdfast h, Path model, byte[] file) throws Exception {
        List<CodecManifest> found = new java.util.ArrayList<>();
        h.ls("latest", (path, node) -> {
            if (path.equals(model.toString())) {
                found.add(CodecManifest.of(node));
            }
            return true;
        });
        assertThat(found).hasSize(1);
        long at = 0;
        int encoded = 0;
        for (CodecManifest.Piece p : found.get(0).pieces()) {
            if (p.encoded()) {
                encoded++;
                assertThat(p.sha256()).isEqualTo(Id.hash(file, (int) at, (int) p.length()));
            } else {
                assertThat(p.sha256()).isNull();
            }
            at += p.length();
        }
        assertThat(at).isEqualTo(file.length);
        assertThat(encoded).isGreaterThan(12); // 12 tensors, the first split in two pieces
    }

    private void restoreAndCompare(Holdfast h, Path target, Path model, byte[] expected) throws Exception {
        var r = h.restore("latest", target, RestoreOptions.DEFAULTS, BackupProgress.NONE);
        assertThat(r.errors()).isEmpty();
        Path restored = target.resolve(model.toString().substring(1));
        assertThat(Files.readAllBytes(restored)).isEqualTo(expected);
        assertThat(Files.readString(restored.resolveSibling("notes.txt"))).isEqualTo("not a model");
        assertThat(java.nio.file.Files.getFileAttributeView(
                                restored, java.nio.file.attribute.UserDefinedFileAttributeView.class)
                        .list())
                .doesNotContain(CodecManifest.XATTR.substring(5));
    }
}
