package io.holdfast.format.model;

import java.util.List;

/**
 * One tensor's bytes in a model file.
 *
 * @param name the tensor's name in the file (for PyTorch checkpoints, the storage entry such as {@code data/0} when
 *     the pickle names no tensor for it)
 * @param dtype element type
 * @param shape dimensions, outermost first; empty for a scalar
 * @param offset absolute offset of the first byte in the file
 * @param length number of bytes
 */
public record TensorExtent(String name, DType dtype, List<Long> shape, long offset, long length) {
    public TensorExtent {
        shape = List.copyOf(shape);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
    }

    /** Offset one past the last byte. */
    public long end() {
        return offset + length;
    }

    /** The number of elements (the product of the shape, 1 for a scalar), or -1 if it overflows a {@code long}. */
    public long elements() {
        return elements(shape);
    }

    static long elements(List<Long> shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            if (d != 0 && n > Long.MAX_VALUE / d) {
                return -1;
            }
            n *= d;
        }
        return n;
    }
}
