package io.holdfast.format.model;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** Detects and parses the model file at {@code path}; see {@link #detect(ModelSource)}. */
    public static Optional<ModelLayout> detect(Path path) throws IOException {
        Optional<ModelLayout> layout;
        try (FileChannel ch = ModelSource.open(path)) {
            layout = detect(ModelSource.of(path.toString(), ch));
        }
        if (layout.isPresent() && !layout.get().external().isEmpty()) {
            return Optional.of(checkExternal(path, layout.get()));
        }
        return layout;
    }

    /**
     * Checks ONNX external-data references against the files next to {@code path}: a missing file is a warning, a
     * reference past the end of an existing file is an error. Locations that leave the directory are refused.
     */
    public static ModelLayout checkExternal(Path path, ModelLayout layout) throws IOException {
        List<String> warnings = new ArrayList<>(layout.warnings());
        Path dir = path.toAbsolutePath().getParent();
        for (ModelLayout.ExternalTensor e : layout.external()) {
            TensorExtent t = e.tensor();
            Path p = dir == null ? null : dir.resolve(e.location()).normalize();
            if (p == null || !p.startsWith(dir) || e.location().startsWith("/")) {
                throw new InvalidModelException(
                        path.toString(),
                        t.name(),
                        -1,
                        -1,
                        "external data \"" + e.location() + "\" leaves the directory");
            }
            if (!Files.isRegularFile(p)) {
                warnings.add("external data " + e.location() + " of tensor \"" + t.name() + "\" is missing");
            } else if (t.end() > Files.size(p)) {
                throw new InvalidModelException(
                        p.toString(), t.name(), t.offset(), t.end(), "external data runs past the end of the file");
            }
        }
        return new ModelLayout(layout.format(), layout.tensors(), layout.fileSize(), layout.external(), warnings);
    }
}
