package io.holdfast.format.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Zip-based models: PyTorch checkpoints ({@code PREFIX/data.pkl} plus stored entries {@code PREFIX/data/KEY}, one per
 * storage) and NumPy {@code .npz} archives (every entry an {@code .npy}). The pickle is never unpickled: each storage
 * entry becomes one extent, named after its tensor when {@link PickleScanner} finds exactly one, else {@code data/KEY}.
 */
final class ZipModels {
    private static final long MAX_PICKLE = 64L << 20;

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
        Map<String, PickleScanner.Named> byStorage = names(src, entries, prefix, warnings);
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
            PickleScanner.Named n = byStorage.get(key.substring(5));
            DType d = n == null ? null : n.tensor().storage().dtype();
            long elements = n == null ? -1 : TensorExtent.elements(n.tensor().shape());
            if (n != null && d != null && elements >= 0 && d.byteLength(elements) == e.size()) {
                tensors.add(new TensorExtent(n.name(), d, n.tensor().shape(), e.dataOffset(), e.size()));
            } else {
                tensors.add(new TensorExtent(key, DType.U8, List.of(e.size()), e.dataOffset(), e.size()));
            }
        }
        Extents.check(src.name(), tensors, 0, src.size(), false, new ArrayList<>());
        return new ModelLayout(ModelFormat.PYTORCH_ZIP, tensors, src.size(), List.of(), warnings);
    }

    /**
     * Tensor names per storage key from {@code data.pkl}, for storages that exactly one tensor uses whole (offset 0);
     * empty if the pickle is compressed, too large or uses anything the scanner does not follow.
     */
    private static Map<String, PickleScanner.Named> names(
            ModelSource src, List<ZipDirectory.Entry> entries, String prefix, List<String> warnings)
            throws IOException {
        Map<String, PickleScanner.Named> out = new HashMap<>();
        for (ZipDirectory.Entry e : entries) {
            if (!e.name().equals(prefix + "data.pkl")) {
                continue;
            }
            if (e.method() != 0 || e.size() > MAX_PICKLE) {
                warnings.add("data.pkl is compressed or large; tensors are named by storage");
                return out;
            }
            byte[] pkl = new byte[(int) e.size()];
            src.read(e.dataOffset(), pkl, 0, pkl.length);
            List<PickleScanner.Named> named = PickleScanner.scan(pkl);
            if (named == null) {
                warnings.add("data.pkl uses constructs not followed; tensors are named by storage");
                return out;
            }
            Map<String, Integer> uses = new HashMap<>();
            Set<String> names = new HashSet<>();
            for (PickleScanner.Named n : named) {
                uses.merge(n.tensor().storage().key(), 1, Integer::sum);
            }
            for (PickleScanner.Named n : named) {
                String key = n.tensor().storage().key();
                if (uses.getOrDefault(key, 0) == 1 && n.tensor().offset() == 0 && names.add(n.name())) {
                    out.put(key, n);
                }
            }
        }
        return out;
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
