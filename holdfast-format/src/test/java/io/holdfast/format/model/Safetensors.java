package io.holdfast.format.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes small safetensors files for tests. */
final class Safetensors {
    private final Map<String, Object[]> tensors = new LinkedHashMap<>();

    Safetensors add(String name, String dtype, long[] shape, byte[] data) {
        tensors.put(name, new Object[] {dtype, shape, data});
        return this;
    }

    byte[] build() {
        StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long off = 0;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, Object[]> e : tensors.entrySet()) {
            long[] shape = (long[]) e.getValue()[1];
            byte[] bytes = (byte[]) e.getValue()[2];
            StringBuilder s = new StringBuilder();
            for (long d : shape) {
                s.append(s.length() == 0 ? "" : ",").append(d);
            }
            h.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"").append(e.getValue()[0]);
            h.append("\",\"shape\":[")
                    .append(s)
                    .append("],\"data_offsets\":[")
                    .append(off)
                    .append(',');
            off += bytes.length;
            h.append(off).append("]}");
            data.writeBytes(bytes);
        }
        h.append('}');
        while ((h.length() + 8) % 8 != 0) {
            h.append(' ');
        }
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header).put(data.toByteArray());
        return out.array();
    }
}
