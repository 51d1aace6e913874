package io.holdfast.format.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatsTest {
    private static ModelLayout detect(byte[] b) throws Exception {
        return ModelFiles.detect(ModelSource.of("m", b)).orElseThrow();
    }

    @Test
    void gguf() throws Exception {
        byte[] f = TestModels.gguf();
        ModelLayout l = detect(f);
        assertThat(l.format()).isEqualTo(ModelFormat.GGUF);
        assertThat(l.tensors()).extracting(TensorExtent::name).containsExactly("tok_embd.weight", "blk.0.q");
        assertThat(l.tensors().get(0).shape()).containsExactly(4L, 8L);
        assertThat(l.tensors().get(1).dtype().name()).isEqualTo("Q8_0");
        assertThat(l.tensors().get(1).length()).isEqualTo(68);
        assertThat(l.tensors().get(1).end()).isEqualTo(f.length);
        assertThat(l.tensors().get(0).offset() % 32).isZero();
        assertThatThrownBy(() -> detect(Arrays.copyOf(f, f.length - 1)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("blk.0.q");
    }

    @Test
    void npy() throws Exception {
        byte[] f = TestModels.npy("<f4", "2, 3", 24);
        ModelLayout l = detect(f);
        assertThat(l.format()).isEqualTo(ModelFormat.NPY);
        assertThat(l.tensors().get(0).shape()).containsExactly(2L, 3L);
        assertThat(l.tensors().get(0).offset() % 64).isZero();
        assertThat(l.tensors().get(0).end()).isEqualTo(f.length);
        assertThat(detect(TestModels.npy(">f8", "4,", 32))
                        .tensors()
                        .get(0)
                        .dtype()
                        .bigEndian())
                .isTrue();
        assertThatThrownBy(() -> detect(Arrays.copyOf(f, f.length - 4)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("truncated");
        assertThat(detect(TestModels.npy("|O", "2,", 40)).warnings()).anyMatch(w -> w.contains("pickle"));
    }

    @Test
    void npz() throws Exception {
        ModelLayout l = detect(TestModels.npz());
        assertThat(l.format()).isEqualTo(ModelFormat.NPZ);
        assertThat(l.tensors()).extracting(TensorExtent::name).containsExactly("a", "b");
        assertThat(l.parameterCount()).isEqualTo(11);
    }

    @Test
    void pytorchZip() throws Exception {
        byte[] f = TestModels.pytorch();
        ModelLayout l = detect(f);
        assertThat(l.format()).isEqualTo(ModelFormat.PYTORCH_ZIP);
        assertThat(l.tensors()).extracting(TensorExtent::name).containsExactly("data/0", "data/1");
        TensorExtent t = l.tensors().get(0);
        assertThat(Arrays.copyOfRange(f, (int) t.offset(), (int) t.end())).containsOnly((byte) 0);
        assertThat(ModelFiles.detect(ModelSource.of("z", TestModels.zip(new String[] {"x.txt"}, new byte[][] {{1}}))))
                .isEmpty();
    }

    @Test
    void pytorchTensorsAreNamedFromThePickleWithoutUnpickling() throws Exception {
        ModelLayout l = detect(TestModels.pytorchNamed());
        assertThat(l.tensors()).extracting(TensorExtent::name).containsExactly("w", "b");
        assertThat(l.tensors().get(0).dtype()).isEqualTo(DType.F32);
        assertThat(l.tensors().get(0).shape()).containsExactly(2L, 2L);
        assertThat(l.parameterCount()).isEqualTo(7);
        assertThat(l.warnings()).isEmpty();
    }

    @Test
    void onnx() throws Exception {
        byte[] f = TestModels.onnx();
        ModelLayout l = detect(f);
        assertThat(l.format()).isEqualTo(ModelFormat.ONNX);
        assertThat(l.tensors()).extracting(TensorExtent::name).containsExactly("w");
        assertThat(l.external()).extracting(e -> e.location()).containsExactly("weights.bin");
    }

    @Test
    void scanCountsNanAndInf() throws Exception {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.putFloat(1f).putFloat(Float.NaN).putFloat(3f).putFloat(Float.NEGATIVE_INFINITY);
        byte[] f = new Safetensors().add("x", "F32", new long[] {4}, bb.array()).build();
        ModelSource src = ModelSource.of("m", f);
        TensorScan s = TensorScan.scan(src, detect(f).tensors().get(0));
        assertThat(List.of(s.elements(), s.nan(), s.inf())).containsExactly(4L, 1L, 1L);
        assertThat(s.mean()).isEqualTo(2.0);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(3.0);
    }
}
