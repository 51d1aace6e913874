package io.holdfast.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;

/** Writes small safetensors checkpoints of random U8 tensors; the tensors in {@code changed} get other bytes. */
final class TestCheckpoints {
    private TestCheckpoints() {}

    static void write(Path file, int tensors, int bytesEach, long seed, Set<Integer> changed) throws IOException {
        write(file, tensors, bytesEach, seed, changed, "");
    }

    static void write(Path file, int tensors, int bytesEach, long seed, Set<Integer> changed, String prefix)
            throws IOException {
        StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        for (int i = 0; i < tensors; i++) {
            h.append(",\"").append(prefix).append('t').append(i).append("\":{\"dtype\":\"U8\",\"shape\":[");
            h.append(bytesEach)
                    .append("],\"data_offsets\":[")
                    .append((long) i * bytesEach)
                    .append(',');
            h.append((long) (i + 1) * bytesEach).append("]}");
        }
        h.append('}');
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(header.length)
                    .array());
            out.write(header);
            byte[] t = new byte[bytesEach];
            for (int i = 0; i < tensors; i++) {
                new SplittableRandom(seed * 1_000_003 + i + (changed.contains(i) ? 777_777 : 0)).nextBytes(t);
                out.write(t);
            }
        }
    }
}
