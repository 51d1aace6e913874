package io.holdfast.format.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Zip-based models: PyTorch checkpoints ({@code PREFIX/data.pkl} plus stored entries {@code PREFIX/data/KEY}, one per
 * storage) and NumPy {@code .npz} archives (every entry an {@code .npy}). The pickle is never unpickled: each storage
 * entry becomes one extent named {@code data/KEY} of bytes.
 */
final class ZipModels {
    private ZipModels() {}

    /** The layout, or null for a zip that is neither a PyTorch checkpoint nor an npz. */
    static @Nullable ModelLayout parse(ModelSource src) throws IOException {
        List<ZipDirectory.Entry> entries = ZipDirectory.read(src);
        if (entries == null || entries.isEmpty()) {
            return null;
        }
        String prefix = null;
        for (ZipDirectory.Entry e : entries) {
            if (e.name().endsWith("/data.pkl")
                    && e.name().indexOf('/') == e.name().length() - 9) {
                prefix = e.name().substring(0, e.name().length() - 8);
            }
        }
        if (prefix != null) {
            return pytorch(src, entries, prefix);
        }
        if (entries.stream().allMatch(e -> e.name().endsWith(".npy"))) {
            return npz(src, entries);
        }
        return null;
    }

    private static ModelLayout pytorch(ModelSource src, List<ZipDirectory.Entry> entries, String prefix)
            throws IOException {
        List<TensorExtent> tensors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String data = prefix + "data/";
        for (ZipDirectory.Entry e : entries) {
            if (!e.name().startsWith(data) || e.name().length() == data.length()) {
                continue;
            }
            String key = e.name().substring(prefix.length());
            if (e.method() != 0) {
                warnings.add(key + " is compressed in the zip; not mapped");
                continue;
            }
            if (e.size() != e.compressedSize()) {
                throw new InvalidModelException(src.name(), key, e.dataOffset(), -1, "stored entry sizes disagree");
            }
            tensors.add(new TensorExtent(key, DType.U8, List.of(e.size()), e.dataOffset(), e.size()));
        }
        Extents.check(src.name(), tensors, 0, src.size(), false, new ArrayList<>());
        return new ModelLayout(ModelFormat.PYTORCH_ZIP, tensors, src.size(), List.of(), warnings);
    }

    private static ModelLayout npz(ModelSource src, List<ZipDirectory.Entry> entries) throws IOException {
        List<TensorExtent> tensors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (ZipDirectory.Entry e : entries) {
            String name = e.name().substring(0, e.name().length() - 4);
            if (e.method() != 0) {
                warnings.add(name + " is compressed in the npz; not mapped");
                continue;
            }
            TensorExtent t =
                    NpyParser.parseAt(src, name, e.dataOffset(), e.dataOffset() + e.compressedSize(), warnings);
            if (t != null) {
                tensors.add(t);
            }
        }
        Extents.check(src.name(), tensors, 0, src.size(), false, new ArrayList<>());
        return new ModelLayout(ModelFormat.NPZ, tensors, src.size(), List.of(), warnings);
    }
}
