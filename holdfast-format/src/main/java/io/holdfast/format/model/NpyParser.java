package io.holdfast.format.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * NumPy {@code .npy}: magic {@code \x93NUMPY}, major and minor version, a u16 (v1) or u32 (v2, v3) header length, an
 * ASCII Python dict literal with {@code descr}, {@code fortran_order} and {@code shape}, then the array's bytes. The
 * dict is matched with patterns, never evaluated; object arrays (pickles) are reported, not read.
 */
final class NpyParser {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern OBJECT = Pattern.compile("'descr'\\s*:\\s*'[<>|=]?O");

    private NpyParser() {}

    static ModelLayout parse(ModelSource src) throws IOException {
        long size = src.size();
        List<String> warnings = new ArrayList<>();
        TensorExtent t = parseAt(src, "array", 0, size, warnings);
        List<TensorExtent> tensors = t == null ? List.of() : List.of(t);
        if (t != null && t.end() < size) {
            throw new InvalidModelException(src.name(), t.name(), t.end(), size, "are trailing bytes after the array");
        }
        return new ModelLayout(ModelFormat.NPY, tensors, size, List.of(), warnings);
    }

    /**
     * Parses one array stored at {@code [start, end)} of {@code src}.
     *
     * @return its extent, or null for arrays Holdfast does not map (object or structured dtypes), with a warning
     */
    static @Nullable TensorExtent parseAt(ModelSource src, String name, long start, long end, List<String> warnings)
            throws IOException {
        String file = src.name();
        Cursor c = new Cursor(src, start, end);
        byte[] magic = c.bytes(6, 6, "magic");
        for (int i = 0; i < 6; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new InvalidModelException(file, name, start, start + 6, "has no NumPy magic");
            }
        }
        int major = c.u8();
        c.u8();
        long headerLen;
        if (major == 1) {
            headerLen = c.u8() | (c.u8() << 8);
        } else if (major == 2 || major == 3) {
            headerLen = c.u32();
        } else {
            throw new InvalidModelException(file, name, start + 6, start + 7, "NumPy format version " + major);
        }
        String header = new String(c.bytes(headerLen, MAX_HEADER, "NumPy header"), StandardCharsets.ISO_8859_1);
        long dataStart = c.position();
        if (OBJECT.matcher(header).find()) {
            warnings.add(name + " holds Python objects (a pickle), which are not inspected");
            return null;
        }
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find()) {
            warnings.add(name + " has a structured or unknown dtype, not mapped");
            return null;
        }
        if (!s.find()) {
            throw new InvalidModelException(file, name, start, dataStart, "NumPy header has no shape");
        }
        DType t = dtype(d.group(2), d.group(3));
        if (t == null) {
            throw new InvalidModelException(
                    file,
                    name,
                    start,
                    dataStart,
                    "has unsupported dtype '" + d.group(1) + d.group(2) + d.group(3) + "'");
        }
        if (d.group(1).equals(">")) {
            t = t.withBigEndian();
        }
        List<Long> shape = new ArrayList<>();
        for (String part : s.group(1).split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.length() > 18 || !p.chars().allMatch(Character::isDigit) || shape.size() >= 32) {
                throw new InvalidModelException(file, name, start, dataStart, "has a bad shape (" + s.group(1) + ")");
            }
            shape.add(Long.parseLong(p));
        }
        long elements = TensorExtent.elements(shape);
        long length = elements < 0 ? -1 : t.byteLength(elements);
        if (length < 0 || length > end - dataStart) {
            throw new InvalidModelException(
                    file,
                    name,
                    dataStart,
                    length < 0 ? -1 : dataStart + length,
                    "shape " + shape + " of " + t + " runs past the end of the array (" + (end - dataStart)
                            + " bytes): truncated");
        }
        return new TensorExtent(name, t, shape, dataStart, length);
    }

    private static @Nullable DType dtype(String kind, String bytes) {
        return switch (kind + bytes) {
            case "f2" -> DType.F16;
            case "f4" -> DType.F32;
            case "f8" -> DType.F64;
            case "i1" -> DType.I8;
            case "i2" -> DType.I16;
            case "i4" -> DType.I32;
            case "i8" -> DType.I64;
            case "u1" -> DType.U8;
            case "u2" -> DType.U16;
            case "u4" -> DType.U32;
            case "u8" -> DType.U64;
            case "b1" -> DType.BOOL;
            case "c8" -> DType.C64;
            case "c16" -> DType.C128;
            default -> null;
        };
    }
}
