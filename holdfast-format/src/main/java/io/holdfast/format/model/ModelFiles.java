package io.holdfast.format.model;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Recognises model files by their content (magic bytes and header structure, never the file name) and parses their
 * layout. Nothing in a file is ever executed: PyTorch pickles are scanned opcode by opcode, never unpickled.
 */
public final class ModelFiles {
    /** Bytes at the start of a file that {@link #sniff} looks at. */
    public static final int SNIFF_BYTES = 16;

    private ModelFiles() {}

    /**
     * A cheap first test on the first bytes of a file: false means the file is certainly not a model Holdfast
     * recognises; true means {@link #detect(ModelSource)} should look closer.
     *
     * @param head the first bytes of the file
     * @param len how many of them are valid (fewer than {@link #SNIFF_BYTES} only for short files)
     */
    public static boolean sniff(byte[] head, int len) {
        return SafetensorsParser.sniff(head, len)
                || Bytes.startsWith(head, len, GgufParser.MAGIC)
                || Bytes.startsWith(head, len, NpyParser.MAGIC)
                || Bytes.startsWith(head, len, ZipDirectory.LOCAL_MAGIC)
                || OnnxParser.sniff(head, len);
    }

    /**
     * Detects and parses a model file.
     *
     * @return the layout, or empty if the content is not a model format Holdfast recognises
     * @throws InvalidModelException if the content is recognised as a model but is damaged or malformed
     * @throws IOException if reading fails
     */
    public static Optional<ModelLayout> detect(ModelSource src) throws IOException {
        byte[] head = new byte[SNIFF_BYTES];
        long size = src.size();
        int len = (int) Math.min(SNIFF_BYTES, size);
        src.read(0, head, 0, len);
        try {
            if (SafetensorsParser.sniff(head, len)) {
                return Optional.of(SafetensorsParser.parse(src));
            }
            if (Bytes.startsWith(head, len, GgufParser.MAGIC)) {
                return Optional.of(GgufParser.parse(src));
            }
            if (Bytes.startsWith(head, len, NpyParser.MAGIC)) {
                return Optional.of(NpyParser.parse(src));
            }
            if (Bytes.startsWith(head, len, ZipDirectory.LOCAL_MAGIC)) {
                return Optional.ofNullable(ZipModels.parse(src));
            }
            if (OnnxParser.sniff(head, len)) {
                return Optional.of(OnnxParser.parse(src));
            }
        } catch (EOFException | ArithmeticException e) {
            throw new InvalidModelException(src.name(), null, -1, -1, "ends early: " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Detects and parses the model file at {@code path}; see {@link #detect(ModelSource)}. ONNX external-data
     * references are listed but not checked against their files (the engine's {@code LocalModels} does that).
     */
    public static Optional<ModelLayout> detect(Path path) throws IOException {
        try (FileChannel ch = ModelSource.open(path)) {
            return detect(ModelSource.of(path.toString(), ch));
        }
    }
}
