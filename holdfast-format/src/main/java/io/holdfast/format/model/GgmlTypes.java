package io.holdfast.format.model;

import org.jspecify.annotations.Nullable;

/** ggml tensor types as GGUF numbers them, with their block sizes. */
final class GgmlTypes {
    private GgmlTypes() {}

    static @Nullable DType of(int type) {
        return switch (type) {
            case 0 -> DType.F32;
            case 1 -> DType.F16;
            case 2 -> DType.quantized("Q4_0", 32, 18);
            case 3 -> DType.quantized("Q4_1", 32, 20);
            case 6 -> DType.quantized("Q5_0", 32, 22);
            case 7 -> DType.quantized("Q5_1", 32, 24);
            case 8 -> DType.quantized("Q8_0", 32, 34);
            case 9 -> DType.quantized("Q8_1", 32, 36);
            case 10 -> DType.quantized("Q2_K", 256, 84);
            case 11 -> DType.quantized("Q3_K", 256, 110);
            case 12 -> DType.quantized("Q4_K", 256, 144);
            case 13 -> DType.quantized("Q5_K", 256, 176);
            case 14 -> DType.quantized("Q6_K", 256, 210);
            case 15 -> DType.quantized("Q8_K", 256, 292);
            case 16 -> DType.quantized("IQ2_XXS", 256, 66);
            case 17 -> DType.quantized("IQ2_XS", 256, 74);
            case 18 -> DType.quantized("IQ3_XXS", 256, 98);
            case 19 -> DType.quantized("IQ1_S", 256, 50);
            case 20 -> DType.quantized("IQ4_NL", 32, 18);
            case 21 -> DType.quantized("IQ3_S", 256, 110);
            case 22 -> DType.quantized("IQ2_S", 256, 82);
            case 23 -> DType.quantized("IQ4_XS", 256, 136);
            case 24 -> DType.I8;
            case 25 -> DType.I16;
            case 26 -> DType.I32;
            case 27 -> DType.I64;
            case 28 -> DType.F64;
            case 29 -> DType.quantized("IQ1_M", 256, 56);
            case 30 -> DType.BF16;
            case 34 -> DType.quantized("TQ1_0", 256, 54);
            case 35 -> DType.quantized("TQ2_0", 256, 66);
            default -> null;
        };
    }
}
