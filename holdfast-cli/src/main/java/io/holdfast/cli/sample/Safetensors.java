package io.holdfast.cli.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the safetensors format: an 8-byte little-endian header length N, N bytes of JSON header (padded with spaces
 * so the data starts at a multiple of 8), then the tensors' little-endian bytes back to back.
 */
final class Safetensors {
    /** A tensor: its name, dtype ({@code F32}, {@code F16}), shape, and little-endian data. */
    record Tensor(String name, String dtype, long[] shape, byte[] data) {
        Tensor {
            long expected = elementSize(dtype);
            for (long dimension : shape) {
                expected *= dimension;
            }
            if (expected != data.length) {
                throw new IllegalArgumentException(name + ": " + data.length + " bytes, shape needs " + expected);
            }
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Safetensors() {}

    /** The size in bytes of one element of {@code dtype}. */
    static int elementSize(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> throw new IllegalArgumentException("unknown dtype " + dtype);
        };
    }

    /** Writes {@code tensors}, in order, with {@code metadata} as {@code __metadata__}. */
    static void write(Path file, Map<String, String> metadata, List<Tensor> tensors) throws IOException {
        ObjectNode header = MAPPER.createObjectNode();
        ObjectNode meta = header.putObject("__metadata__");
        metadata.forEach(meta::put);
        long offset = 0;
        for (Tensor tensor : tensors) {
            ObjectNode entry = header.putObject(tensor.name());
            entry.put("dtype", tensor.dtype());
            var shape = entry.putArray("shape");
            for (long dimension : tensor.shape()) {
                shape.add(dimension);
            }
            entry.putArray("data_offsets").add(offset).add(offset + tensor.data().length);
            offset += tensor.data().length;
        }
        byte[] json = MAPPER.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(padded)
                    .array());
            out.write(json);
            out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
            for (Tensor tensor : tensors) {
                out.write(tensor.data());
            }
        }
    }
}
