package io.holdfast.format.model;

/**
 * A tensor element type. Plain types have {@code blockElements == 1} and {@code blockBytes} bytes per element;
 * block-quantised types (GGUF's {@code Q4_K} and friends) store {@code blockElements} elements in {@code blockBytes}
 * bytes.
 *
 * @param name canonical name: {@code F64 F32 F16 BF16 F8_E4M3 F8_E5M2 I64 I32 I16 I8 U64 U32 U16 U8 BOOL C64 C128}, or
 *     a GGUF quantisation name such as {@code Q4_K}
 * @param blockElements elements per block, 1 for plain types
 * @param blockBytes bytes per block (per element for plain types)
 * @param kind what the bits mean
 * @param bigEndian whether multi-byte elements are stored big-endian (only NumPy can say so)
 */
public record DType(String name, int blockElements, int blockBytes, Kind kind, boolean bigEndian) {
    /** What the bits of an element mean. */
    public enum Kind {
        FLOAT,
        INT,
        UINT,
        BOOL,
        COMPLEX,
        QUANTIZED
    }

    public static final DType F64 = plain("F64", 8, Kind.FLOAT);
    public static final DType F32 = plain("F32", 4, Kind.FLOAT);
    public static final DType F16 = plain("F16", 2, Kind.FLOAT);
    public static final DType BF16 = plain("BF16", 2, Kind.FLOAT);
    public static final DType F8_E4M3 = plain("F8_E4M3", 1, Kind.FLOAT);
    public static final DType F8_E5M2 = plain("F8_E5M2", 1, Kind.FLOAT);
    public static final DType I64 = plain("I64", 8, Kind.INT);
    public static final DType I32 = plain("I32", 4, Kind.INT);
    public static final DType I16 = plain("I16", 2, Kind.INT);
    public static final DType I8 = plain("I8", 1, Kind.INT);
    public static final DType U64 = plain("U64", 8, Kind.UINT);
    public static final DType U32 = plain("U32", 4, Kind.UINT);
    public static final DType U16 = plain("U16", 2, Kind.UINT);
    public static final DType U8 = plain("U8", 1, Kind.UINT);
    public static final DType BOOL = plain("BOOL", 1, Kind.BOOL);
    public static final DType C64 = plain("C64", 8, Kind.COMPLEX);
    public static final DType C128 = plain("C128", 16, Kind.COMPLEX);

    public DType {
        if (blockElements < 1 || blockBytes < 1) {
            throw new IllegalArgumentException("block sizes must be positive");
        }
    }

    static DType plain(String name, int bytes, Kind kind) {
        return new DType(name, 1, bytes, kind, false);
    }

    static DType quantized(String name, int blockElements, int blockBytes) {
        return new DType(name, blockElements, blockBytes, Kind.QUANTIZED, false);
    }

    /** This type with big-endian byte order. */
    public DType withBigEndian() {
        return new DType(name, blockElements, blockBytes, kind, blockBytes > 1);
    }

    /** Bytes per element for plain types (byte-grouping width), 0 for block-quantised types. */
    public int elementBytes() {
        return blockElements == 1 ? blockBytes : 0;
    }

    /**
     * The bytes {@code elements} elements take, or -1 if that count is not a whole number of blocks or the size does
     * not fit in a {@code long}.
     */
    public long byteLength(long elements) {
        if (elements < 0 || elements % blockElements != 0) {
            return -1;
        }
        long blocks = elements / blockElements;
        if (blocks > Long.MAX_VALUE / blockBytes) {
            return -1;
        }
        return blocks * blockBytes;
    }

    @Override
    public String toString() {
        return bigEndian ? name + "(big-endian)" : name;
    }
}
