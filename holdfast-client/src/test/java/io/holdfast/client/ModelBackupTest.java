package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.CheckResult;
import io.holdfast.engine.LocalModels;
import io.holdfast.engine.ModelOptions;
import io.holdfast.engine.ModelValidationException;
import io.holdfast.engine.ModelValidator;
import io.holdfast.engine.SnapshotModels;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.model.ModelLayout;
import io.holdfast.format.tree.Node;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tensor-aligned chunking and model validation end to end: chunk boundaries fall on tensor boundaries, a partial
 * fine-tune whose tensors moved stores little more than its changed tensors, records survive in the snapshot, and
 * damage (truncation, a bit flip in a pack) is reported by file, tensor and offsets.
 */
class ModelBackupTest {
    @TempDir
    Path tmp;

    private Holdfast init() throws Exception {
        return Holdfast.init(
                tmp.resolve("repo").toString(),
                ResticInteropTest.PASSWORD,
                InitOptions.DEFAULTS,
                ResticInteropTest.FAST_KDF);
    }

    @Test
    void chunksAtTensorBoundariesAndDeduplicatesMovedTensors() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path file = src.resolve("model.bin");
        TestCheckpoints.write(file, 24, 300_000, 1, Set.of());
        try (Holdfast h = init()) {
            BackupResult first = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
            assertThat(first.invalidModels()).isEmpty();
            ModelLayout layout = LocalModels.detect(file).orElseThrow();
            assertThat(blobEnds(h, file.toAbsolutePath().toString())).containsAll(boundaries(layout));

            // a fine-tune: 3 of 24 tensors rewritten, and the tensor names grow so every offset moves
            TestCheckpoints.write(file, 24, 300_000, 1, Set.of(2, 11, 17), "model.layers.");
            long changed = 3L * 300_000;
            BackupResult second = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
            assertThat(second.dataAdded()).isLessThan((long) (changed * 1.02) + 4096);

            List<SnapshotModels.Entry> models = h.models("latest", "/");
            assertThat(models).hasSize(1);
            assertThat(models.get(0).record().format()).isEqualTo("safetensors");
            assertThat(models.get(0).record().tensors()).isEqualTo(24);
            assertThat(models.get(0).record().status()).isEqualTo("ok");
        }
    }

    @Test
    void withoutModelChunkingMovedTensorsCostMore() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path file = src.resolve("model.bin");
        TestCheckpoints.write(file, 24, 300_000, 1, Set.of());
        BackupOptions plain =
                BackupOptions.DEFAULTS.withPaths(src).withModels(new ModelOptions(false, ModelOptions.Validate.WARN));
        try (Holdfast h = init()) {
            h.backup(plain, BackupProgress.NONE);
            TestCheckpoints.write(file, 24, 300_000, 1, Set.of(2, 11, 17), "model.layers.");
            BackupResult second = h.backup(plain, BackupProgress.NONE);
            assertThat(second.dataAdded()).isGreaterThan((long) (3L * 300_000 * 1.02));
        }
    }

    @Test
    void truncatedModelIsRecordedOrFailsTheBackup() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path file = src.resolve("model.safetensors");
        TestCheckpoints.write(file, 4, 10_000, 1, Set.of());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() - 100);
        }
        ModelValidator.Report local = ModelValidator.validate(file, false);
        assertThat(local.status()).isEqualTo(ModelValidator.Status.INVALID);
        assertThat(local.problems().get(0)).contains("model.safetensors", "tensor \"t3\"", "truncated");
        try (Holdfast h = init()) {
            BackupResult r = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
            assertThat(r.invalidModels()).hasSize(1);
            assertThat(h.models("latest", "/").get(0).record().status()).isEqualTo("invalid");
            BackupOptions fail = BackupOptions.DEFAULTS
                    .withPaths(src)
                    .withForce(true)
                    .withModels(new ModelOptions(true, ModelOptions.Validate.FAIL));
            int before = h.snapshots().size();
            assertThatThrownBy(() -> h.backup(fail, BackupProgress.NONE))
                    .isInstanceOf(ModelValidationException.class)
                    .hasMessageContaining("t3");
            assertThat(h.snapshots()).hasSize(before);
            // the file is unchanged since the parent snapshot: not read again, but its stored result still fails it
            BackupOptions unchanged = BackupOptions.DEFAULTS
                    .withPaths(src)
                    .withModels(new ModelOptions(true, ModelOptions.Validate.FAIL));
            assertThatThrownBy(() -> h.backup(unchanged, BackupProgress.NONE))
                    .isInstanceOf(ModelValidationException.class)
                    .hasMessageContaining("t3")
                    .hasMessageContaining("unchanged since the parent snapshot");
            assertThat(h.snapshots()).hasSize(before);
            BackupOptions warn = BackupOptions.DEFAULTS.withPaths(src);
            assertThat(h.backup(warn, BackupProgress.NONE).invalidModels()).hasSize(1);
        }
    }

    @Test
    void bitFlipInAPackIsReportedAsTensor() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        TestCheckpoints.write(src.resolve("m.safetensors"), 6, 200_000, 7, Set.of());
        try (Holdfast h = init()) {
            h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
        }
        Path pack = largestPack();
        pack.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
        try (Holdfast h = Holdfast.open(
                tmp.resolve("repo").toString(), ResticInteropTest.PASSWORD, ResticInteropTest.FAST_KDF, false)) {
            CheckResult c = h.check(CheckOptions.READ_DATA, BackupProgress.NONE);
            assertThat(c.errors())
                    .anyMatch(e -> e.contains("model file")
                            && e.contains("m.safetensors")
                            && e.contains("in tensor \"t")
                            && e.contains("are damaged"));
            List<ModelValidator.Report> v = h.validateModels("latest", "/", false);
            assertThat(v).hasSize(1);
            assertThat(v.get(0).status()).isEqualTo(ModelValidator.Status.INVALID);
            assertThat(v.get(0).problems()).anyMatch(p -> p.contains("in tensor \"t"));
        }
    }

    @Test
    void onnxExternalDataIsCheckedNextToTheModel() throws Exception {
        // ModelProto{ir_version 8, graph{initializer{dims 3, data_type FLOAT, name "e",
        //   external_data{location "w.bin"}, data_location EXTERNAL}}}
        byte[] kv = {0x0a, 8, 'l', 'o', 'c', 'a', 't', 'i', 'o', 'n', 0x12, 5, 'w', '.', 'b', 'i', 'n'};
        byte[] head = {0x08, 3, 0x10, 1, 0x42, 1, 'e', 0x6a, (byte) kv.length};
        byte[] tensor = concat(head, kv, new byte[] {0x70, 1});
        byte[] graph = concat(new byte[] {0x2a, (byte) tensor.length}, tensor);
        byte[] model = concat(new byte[] {0x08, 8, 0x3a, (byte) graph.length}, graph);
        Path m = tmp.resolve("m.onnx");
        Files.write(m, model);
        assertThat(LocalModels.detect(m).orElseThrow().warnings()).anyMatch(w -> w.contains("missing"));
        Files.write(tmp.resolve("w.bin"), new byte[8]);
        assertThat(ModelValidator.validate(m, false).problems()).anyMatch(p -> p.contains("tensor \"e\""));
        Files.write(tmp.resolve("w.bin"), new byte[12]);
        assertThat(ModelValidator.validate(m, false).status()).isEqualTo(ModelValidator.Status.OK);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private Path largestPack() throws Exception {
        try (Stream<Path> s = Files.walk(tmp.resolve("repo").resolve("data"))) {
            return s.filter(Files::isRegularFile)
                    .max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
                    .orElseThrow();
        }
    }

    private static Set<Long> boundaries(ModelLayout l) {
        Set<Long> out = new TreeSet<>();
        for (long b : l.boundaries()) {
            out.add(b);
        }
        return out;
    }

    /** The end offsets of the content blobs of the file at {@code path} in the latest snapshot. */
    private static List<Long> blobEnds(Holdfast h, String path) throws Exception {
        List<Node> found = new ArrayList<>();
        h.ls("latest", (p, n) -> {
            if (p.equals(path)) {
                found.add(n);
            }
            return true;
        });
        List<Long> ends = new ArrayList<>();
        long pos = 0;
        for (Id id : Objects.requireNonNull(found.get(0).content())) {
            pos += Objects.requireNonNull(h.repository().index().lookup(BlobType.DATA, id))
                    .plaintextLength();
            ends.add(pos);
        }
        return ends;
    }
}
