package io.holdfast.format.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafetensorsParserTest {
    private static byte[] sample() {
        return new Safetensors()
                .add("w", "BF16", new long[] {4, 8}, new byte[64])
                .add("b", "F32", new long[] {8}, new byte[32])
                .build();
    }

    @Test
    void parsesTensorsWithAbsoluteOffsets() throws Exception {
        byte[] file = sample();
        ModelLayout l = ModelFiles.detect(ModelSource.of("m.safetensors", file)).orElseThrow();
        assertThat(l.format()).isEqualTo(ModelFormat.SAFETENSORS);
        assertThat(l.tensors()).extracting(TensorExtent::name).containsExactly("w", "b");
        TensorExtent w = l.tensors().get(0);
        assertThat(w.dtype()).isEqualTo(DType.BF16);
        assertThat(w.shape()).containsExactly(4L, 8L);
        assertThat(w.end()).isEqualTo(file.length - 32);
        assertThat(l.tensors().get(1).end()).isEqualTo(file.length);
        assertThat(l.parameterCount()).isEqualTo(40);
        assertThat(l.boundaries()).containsExactly(w.offset(), w.end());
    }

    @Test
    void notAModel() throws Exception {
        byte[] text = "hello, this is not a model at all".getBytes(StandardCharsets.UTF_8);
        assertThat(ModelFiles.detect(ModelSource.of("t", text))).isEmpty();
        assertThat(ModelFiles.detect(ModelSource.of("e", new byte[0]))).isEmpty();
    }

    @Test
    void truncatedFileNamesTensorAndOffsets() {
        byte[] file = sample();
        byte[] cut = Arrays.copyOf(file, file.length - 5);
        assertThatThrownBy(() -> ModelFiles.detect(ModelSource.of("m.safetensors", cut)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("m.safetensors")
                .hasMessageContaining("tensor \"b\"")
                .hasMessageContaining("[" + (file.length - 32) + ", " + file.length + ")");
    }

    @Test
    void sizeMustMatchShape() {
        byte[] file =
                new Safetensors().add("w", "F32", new long[] {3}, new byte[8]).build();
        assertThatThrownBy(() -> ModelFiles.detect(ModelSource.of("m", file)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("needs 12");
    }

    @Test
    void badJsonIsAClearError() {
        byte[] file = sample();
        file[20] = '#';
        assertThatThrownBy(() -> ModelFiles.detect(ModelSource.of("m", file)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("m: ");
    }

    @Test
    void overlapIsReported() throws Exception {
        String h = "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}}";
        byte[] header = h.getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[8 + header.length + 6];
        file[0] = (byte) header.length;
        System.arraycopy(header, 0, file, 8, header.length);
        assertThatThrownBy(() -> ModelFiles.detect(ModelSource.of("m", file)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("overlaps tensor \"a\"");
        InvalidModelException e = catchInvalid(file);
        assertThat(e.tensor()).isEqualTo("b");
        assertThat(List.of(e.offset(), e.end())).containsExactly(8L + header.length + 2, 8L + header.length + 6);
    }

    private static InvalidModelException catchInvalid(byte[] file) {
        try {
            ModelFiles.detect(ModelSource.of("m", file));
        } catch (InvalidModelException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no exception");
    }
}
