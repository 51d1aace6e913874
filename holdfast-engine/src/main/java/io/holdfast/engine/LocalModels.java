package io.holdfast.engine;

import io.holdfast.format.model.InvalidModelException;
import io.holdfast.format.model.ModelFiles;
import io.holdfast.format.model.ModelLayout;
import io.holdfast.format.model.ModelSource;
import io.holdfast.format.model.TensorExtent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Model files on the local disk (the format layer does no file I/O of its own). */
public final class LocalModels {
    private LocalModels() {}

    /** Detects and parses the model file at {@code path}, checking ONNX external data next to it. */
    public static Optional<ModelLayout> detect(Path path) throws IOException {
        Optional<ModelLayout> layout;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            layout = ModelFiles.detect(ModelSource.of(path.toString(), ch));
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
            if (p == null || dir == null || !p.startsWith(dir) || e.location().startsWith("/")) {
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
