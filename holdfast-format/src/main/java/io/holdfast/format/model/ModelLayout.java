package io.holdfast.format.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a model file holds: its format, its tensors in file order, and what the parser noticed but tolerated.
 *
 * @param format the detected format
 * @param tensors tensors whose bytes lie in this file, sorted by offset; extents are in bounds and never overlap
 * @param fileSize the file's size
 * @param external tensors whose bytes lie in other files (ONNX external data); {@code offset} is within that file,
 *     named by {@link ExternalTensor#location()}
 * @param warnings tolerated oddities (gaps, trailing bytes, entries that cannot be mapped), one sentence each
 */
public record ModelLayout(
        ModelFormat format,
        List<TensorExtent> tensors,
        long fileSize,
        List<ExternalTensor> external,
        List<String> warnings) {
    /** A tensor stored in another file, as ONNX external data. */
    public record ExternalTensor(String location, TensorExtent tensor) {}

    public ModelLayout {
        List<TensorExtent> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorExtent::offset).thenComparingLong(TensorExtent::length));
        tensors = List.copyOf(sorted);
        external = List.copyOf(external);
        warnings = List.copyOf(warnings);
    }

    /** The total number of elements over all tensors, in this file and external ones. */
    public long parameterCount() {
        long n = 0;
        for (TensorExtent t : tensors) {
            n += Math.max(0, t.elements());
        }
        for (ExternalTensor t : external) {
            n += Math.max(0, t.tensor().elements());
        }
        return n;
    }

    /** Number of tensors per dtype name, sorted by name. */
    public Map<String, Integer> dtypeCounts() {
        Map<String, Integer> m = new TreeMap<>();
        for (TensorExtent t : tensors) {
            m.merge(t.dtype().name(), 1, Integer::sum);
        }
        for (ExternalTensor t : external) {
            m.merge(t.tensor().dtype().name(), 1, Integer::sum);
        }
        return m;
    }

    /** Bytes of tensor data in this file. */
    public long tensorBytes() {
        long n = 0;
        for (TensorExtent t : tensors) {
            n += t.length();
        }
        return n;
    }

    /**
     * Offsets strictly between 0 and the file size where a tensor starts or ends, ascending and distinct: the places
     * where tensor-aligned chunking cuts.
     */
    public long[] boundaries() {
        TreeSet<Long> cuts = new TreeSet<>();
        for (TensorExtent t : tensors) {
            cuts.add(t.offset());
            cuts.add(t.end());
        }
        return cuts.stream()
                .mapToLong(Long::longValue)
                .filter(x -> x > 0 && x < fileSize)
                .toArray();
    }
}
