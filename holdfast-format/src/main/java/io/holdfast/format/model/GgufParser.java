package io.holdfast.format.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * GGUF v2/v3: magic {@code GGUF}, u32 version, u64 tensor count, u64 metadata count; metadata key/value pairs
 * (skipped, except {@code general.alignment}); tensor infos (name, dims, ggml type, offset relative to the data
 * section); the data section starts at the next multiple of the alignment (default 32).
 */
final class GgufParser {
    static final byte[] MAGIC = {'G', 'G', 'U', 'F'};
    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_DEPTH = 4;

    private GgufParser() {}

    static ModelLayout parse(ModelSource src) throws IOException {
        String file = src.name();
        long size = src.size();
        Cursor c = new Cursor(src, 4, size);
        long version = c.u32();
        if (version != 2 && version != 3) {
            throw new InvalidModelException(file, null, 4, 8, "GGUF version " + version + " is not supported (2, 3)");
        }
        long count = c.u64();
        long kvs = c.u64();
        // a tensor info takes at least 8 + 4 + 4 + 8 bytes, a key/value at least 8 + 4 + 1
        if (count < 0 || count > size / 24 || kvs < 0 || kvs > size / 13) {
            throw new InvalidModelException(
                    file, null, 8, 24, "tensor count " + count + " or metadata count " + kvs + " is absurd");
        }
        long alignment = 32;
        for (long i = 0; i < kvs; i++) {
            String key = c.string(c.u64(), MAX_STRING, "metadata key");
            int type = (int) c.u32();
            if (key.equals("general.alignment") && type == 4) {
                alignment = c.u32();
                if (alignment == 0 || Long.bitCount(alignment) != 1 || alignment > (1 << 20)) {
                    throw new InvalidModelException(file, null, c.position() - 4, -1, "alignment " + alignment);
                }
            } else {
                skipValue(c, type, 0);
            }
        }
        List<long[]> raw = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<DType> types = new ArrayList<>();
        List<List<Long>> shapes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (long i = 0; i < count; i++) {
            String name = c.string(c.u64(), MAX_STRING, "tensor name");
            if (!seen.add(name)) {
                throw new InvalidModelException(file, name, c.position(), -1, "appears twice");
            }
            long dims = c.u32();
            if (dims > 8) {
                throw new InvalidModelException(file, name, c.position() - 4, -1, "has " + dims + " dimensions");
            }
            List<Long> shape = new ArrayList<>();
            for (int d = 0; d < dims; d++) {
                long v = c.u64();
                if (v < 0) {
                    throw new InvalidModelException(file, name, c.position() - 8, -1, "dimension is absurd");
                }
                shape.add(0, v); // GGUF lists the fastest-varying dimension first
            }
            int ggml = (int) c.u32();
            DType t = GgmlTypes.of(ggml);
            if (t == null) {
                throw new InvalidModelException(file, name, c.position() - 4, -1, "has unknown ggml type " + ggml);
            }
            long offset = c.u64();
            names.add(name);
            types.add(t);
            shapes.add(shape);
            raw.add(new long[] {offset});
        }
        long dataStart = align(c.position(), alignment);
        List<TensorExtent> tensors = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            long rel = raw.get(i)[0];
            long elements = TensorExtent.elements(shapes.get(i));
            long length = elements < 0 ? -1 : types.get(i).byteLength(elements);
            if (length < 0) {
                throw new InvalidModelException(
                        file, names.get(i), -1, -1, "shape " + shapes.get(i) + " is no whole number of blocks");
            }
            if (rel < 0 || rel > size || rel % alignment != 0) {
                throw new InvalidModelException(
                        file,
                        names.get(i),
                        dataStart + rel,
                        -1,
                        "offset is out of bounds or not aligned to " + alignment);
            }
            tensors.add(new TensorExtent(names.get(i), types.get(i), shapes.get(i), dataStart + rel, length));
        }
        List<String> warnings = new ArrayList<>();
        Extents.check(file, tensors, dataStart, size, false, warnings);
        return new ModelLayout(ModelFormat.GGUF, tensors, size, List.of(), warnings);
    }

    static long align(long x, long a) {
        return (x + a - 1) / a * a;
    }

    private static void skipValue(Cursor c, int type, int depth) throws IOException {
        switch (type) {
            case 0, 1, 7 -> c.skip(1);
            case 2, 3 -> c.skip(2);
            case 4, 5, 6 -> c.skip(4);
            case 10, 11, 12 -> c.skip(8);
            case 8 -> c.skip(c.u64());
            case 9 -> {
                if (depth >= MAX_DEPTH) {
                    throw new InvalidModelException(c.file(), null, c.position(), -1, "arrays nested too deep");
                }
                int itemType = (int) c.u32();
                long n = c.u64();
                if (n < 0 || n > c.remaining()) {
                    throw new InvalidModelException(
                            c.file(), null, c.position() - 8, -1, "array length " + n + " is absurd");
                }
                int fixed = fixedSize(itemType);
                if (fixed > 0) {
                    c.skip(Math.multiplyExact(n, (long) fixed));
                } else {
                    for (long i = 0; i < n; i++) {
                        skipValue(c, itemType, depth + 1);
                    }
                }
            }
            default -> throw new InvalidModelException(c.file(), null, c.position() - 4, -1, "value type " + type);
        }
    }

    private static int fixedSize(int type) {
        return switch (type) {
            case 0, 1, 7 -> 1;
            case 2, 3 -> 2;
            case 4, 5, 6 -> 4;
            case 10, 11, 12 -> 8;
            default -> 0;
        };
    }
}
