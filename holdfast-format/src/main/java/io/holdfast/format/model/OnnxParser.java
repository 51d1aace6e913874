package io.holdfast.format.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * ONNX: a protobuf {@code ModelProto} read from its wire format by hand. Only {@code graph} (7) and its {@code
 * initializer}s (5) are descended into; each {@code TensorProto}'s {@code raw_data} (9) becomes an extent, and {@code
 * external_data} (13) references become {@link ModelLayout.ExternalTensor}s. Everything else is skipped by wire type.
 */
final class OnnxParser {
    private static final int MAX_NAME = 1 << 16;

    private OnnxParser() {}

    /**
     * Whether the first bytes look like a ModelProto: {@code ir_version} (field 1) of 1 to 15, then one of the next
     * top-level fields as protobuf serialisers write them in field order.
     */
    static boolean sniff(byte[] h, int len) {
        if (len < 3 || h[0] != 0x08 || h[1] < 1 || h[1] > 15) {
            return false;
        }
        int tag = h[2] & 0xFF;
        return tag == 0x12 || tag == 0x1a || tag == 0x22 || tag == 0x28 || tag == 0x32 || tag == 0x3a || tag == 0x42;
    }

    static ModelLayout parse(ModelSource src) throws IOException {
        String file = src.name();
        long size = src.size();
        Cursor c = new Cursor(src, 0, size);
        List<TensorExtent> tensors = new ArrayList<>();
        List<ModelLayout.ExternalTensor> external = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean graph = false;
        while (c.remaining() > 0) {
            long tag = c.varint();
            if (tag >>> 3 == 7 && (tag & 7) == 2) {
                long len = length(c);
                long end = c.position() + len;
                graph(c, end, tensors, external, warnings);
                c.seek(end);
                graph = true;
            } else {
                skip(c, tag);
            }
        }
        if (!graph) {
            throw new InvalidModelException(file, null, 0, size, "ONNX model has no graph");
        }
        Extents.check(file, tensors, 0, size, false, new ArrayList<>());
        return new ModelLayout(ModelFormat.ONNX, tensors, size, external, warnings);
    }

    private static void graph(
            Cursor c,
            long end,
            List<TensorExtent> tensors,
            List<ModelLayout.ExternalTensor> external,
            List<String> warnings)
            throws IOException {
        int typed = 0;
        while (c.position() < end) {
            long tag = c.varint();
            if (tag >>> 3 == 5 && (tag & 7) == 2) {
                long len = length(c);
                long tEnd = c.position() + len;
                if (tEnd > end) {
                    throw new InvalidModelException(c.file(), null, c.position(), tEnd, "initializer overruns graph");
                }
                if (!tensor(c, tEnd, tensors, external)) {
                    typed++;
                }
                c.seek(tEnd);
            } else {
                skip(c, tag);
            }
        }
        if (typed > 0) {
            warnings.add(typed + " initializers keep their values in typed fields, not raw_data; not mapped");
        }
    }

    /** Reads one TensorProto; returns false if it has neither raw nor external data. */
    private static boolean tensor(
            Cursor c, long end, List<TensorExtent> tensors, List<ModelLayout.ExternalTensor> external)
            throws IOException {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        long rawAt = -1;
        long rawLen = 0;
        boolean isExternal = false;
        Map<String, String> ext = new HashMap<>();
        while (c.position() < end) {
            long tag = c.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 1 && wire == 0) {
                dims.add(c.varint());
            } else if (field == 1 && wire == 2) {
                long pEnd = c.position() + length(c);
                while (c.position() < pEnd) {
                    dims.add(c.varint());
                }
            } else if (field == 2 && wire == 0) {
                dataType = (int) c.varint();
            } else if (field == 8 && wire == 2) {
                name = c.string(length(c), MAX_NAME, "tensor name");
            } else if (field == 9 && wire == 2) {
                rawLen = length(c);
                rawAt = c.position();
                c.skip(rawLen);
            } else if (field == 13 && wire == 2) {
                long eEnd = c.position() + length(c);
                String key = "";
                String value = "";
                while (c.position() < eEnd) {
                    long t = c.varint();
                    if ((t & 7) == 2 && (t >>> 3 == 1 || t >>> 3 == 2)) {
                        String s = c.string(length(c), MAX_NAME, "external_data entry");
                        if (t >>> 3 == 1) {
                            key = s;
                        } else {
                            value = s;
                        }
                    } else {
                        skip(c, t);
                    }
                }
                ext.put(key, value);
            } else if (field == 14 && wire == 0) {
                isExternal = c.varint() == 1;
            } else {
                skip(c, tag);
            }
            if (dims.size() > 64) {
                throw new InvalidModelException(c.file(), name, c.position(), -1, "has more than 64 dimensions");
            }
        }
        for (long d : dims) {
            if (d < 0) {
                throw new InvalidModelException(c.file(), name, -1, -1, "has a negative dimension");
            }
        }
        DType t = dtype(dataType);
        if (t == null) {
            if (rawAt >= 0 || isExternal) {
                throw new InvalidModelException(c.file(), name, rawAt, -1, "has unknown data_type " + dataType);
            }
            return false;
        }
        if (isExternal) {
            String location = ext.getOrDefault("location", "");
            long offset = parseLong(c, name, ext.getOrDefault("offset", "0"));
            long elements = TensorExtent.elements(dims);
            long length = ext.containsKey("length") ? parseLong(c, name, ext.get("length")) : t.byteLength(elements);
            if (location.isEmpty() || length < 0) {
                throw new InvalidModelException(c.file(), name, -1, -1, "has a bad external_data reference");
            }
            TensorExtent te = new TensorExtent(name, t, dims, offset, length);
            Extents.checkSize(location, te);
            external.add(new ModelLayout.ExternalTensor(location, te));
            return true;
        }
        if (rawAt < 0) {
            return false;
        }
        tensors.add(new TensorExtent(name, t, dims, rawAt, rawLen));
        return true;
    }

    private static long parseLong(Cursor c, String tensor, @Nullable String s) throws InvalidModelException {
        try {
            long v = Long.parseLong(s == null ? "" : s);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidModelException(c.file(), tensor, -1, -1, "external_data has a bad number \"" + s + "\"");
        }
    }

    private static long length(Cursor c) throws IOException {
        long len = c.varint();
        if (len < 0 || len > c.remaining()) {
            throw new InvalidModelException(
                    c.file(), null, c.position(), -1, "protobuf length " + len + " runs past the end: truncated");
        }
        return len;
    }

    private static void skip(Cursor c, long tag) throws IOException {
        switch ((int) (tag & 7)) {
            case 0 -> c.varint();
            case 1 -> c.skip(8);
            case 2 -> c.skip(length(c));
            case 5 -> c.skip(4);
            default ->
                throw new InvalidModelException(
                        c.file(), null, c.position(), -1, "protobuf wire type " + (tag & 7) + " is not valid here");
        }
        if (tag >>> 3 == 0) {
            throw new InvalidModelException(c.file(), null, c.position(), -1, "protobuf field number 0");
        }
    }

    private static @Nullable DType dtype(int t) {
        return switch (t) {
            case 1 -> DType.F32;
            case 2 -> DType.U8;
            case 3 -> DType.I8;
            case 4 -> DType.U16;
            case 5 -> DType.I16;
            case 6 -> DType.I32;
            case 7 -> DType.I64;
            case 9 -> DType.BOOL;
            case 10 -> DType.F16;
            case 11 -> DType.F64;
            case 12 -> DType.U32;
            case 13 -> DType.U64;
            case 14 -> DType.C64;
            case 15 -> DType.C128;
            case 16 -> DType.BF16;
            case 17, 18 -> DType.F8_E4M3;
            case 19, 20 -> DType.F8_E5M2;
            case 21 -> DType.quantized("U4", 2, 1);
            case 22 -> DType.quantized("I4", 2, 1);
            default -> null;
        };
    }
}
