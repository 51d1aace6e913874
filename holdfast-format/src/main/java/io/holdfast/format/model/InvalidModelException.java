package io.holdfast.format.model;

import io.holdfast.format.CorruptDataException;
import org.jspecify.annotations.Nullable;

/**
 * A file recognised as a model is damaged or malformed: its header does not parse, or a tensor's extent is out of
 * bounds, overlaps another, or does not match its dtype and shape. Names the file, the tensor (if one is concerned)
 * and the byte offsets.
 */
public class InvalidModelException extends CorruptDataException {
    private static final long serialVersionUID = 1L;

    private final @Nullable String tensor;
    private final long offset;
    private final long end;

    /**
     * @param file the file's name or path, as the caller knows it
     * @param tensor the tensor concerned, or null
     * @param offset first byte concerned, or -1
     * @param end one past the last byte concerned, or -1
     * @param message what is wrong
     */
    public InvalidModelException(String file, @Nullable String tensor, long offset, long end, String message) {
        super(file, describe(tensor, offset, end, message));
        this.tensor = tensor;
        this.offset = offset;
        this.end = end;
    }

    private static String describe(@Nullable String tensor, long offset, long end, String message) {
        StringBuilder sb = new StringBuilder();
        if (tensor != null) {
            sb.append("tensor \"").append(tensor).append("\" ");
        }
        if (offset >= 0 && end >= 0) {
            sb.append("bytes [").append(offset).append(", ").append(end).append(") ");
        } else if (offset >= 0) {
            sb.append("at byte ").append(offset).append(' ');
        }
        return sb.append(message).toString();
    }

    /** The file's name or path. */
    public String file() {
        return object();
    }

    /** The tensor concerned, or null for a header-level problem. */
    public @Nullable String tensor() {
        return tensor;
    }

    /** First byte concerned, or -1. */
    public long offset() {
        return offset;
    }

    /** One past the last byte concerned, or -1. */
    public long end() {
        return end;
    }
}
