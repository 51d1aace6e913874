package io.holdfast.format.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Structural checks shared by the parsers: extents in bounds, not overlapping, sized by dtype times shape. */
final class Extents {
    private Extents() {}

    /**
     * Checks {@code tensors} against the data region {@code [start, end)}.
     *
     * @param contiguous whether the tensors must tile the region exactly (safetensors); otherwise gaps (padding,
     *     container headers) become warnings
     * @param warnings receives tolerated oddities
     */
    static void check(
            String file, List<TensorExtent> tensors, long start, long end, boolean contiguous, List<String> warnings)
            throws InvalidModelException {
        for (TensorExtent t : tensors) {
            checkSize(file, t);
            if (t.offset() < start || t.end() > end || t.end() < t.offset()) {
                throw new InvalidModelException(
                        file,
                        t.name(),
                        t.offset(),
                        t.end(),
                        "lies outside the data region [" + start + ", " + end + ")"
                                + (end == start ? "" : " (file truncated or offsets damaged)"));
            }
        }
        List<TensorExtent> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorExtent::offset).thenComparingLong(TensorExtent::length));
        long pos = start;
        TensorExtent prev = null;
        for (TensorExtent t : sorted) {
            if (prev != null && t.offset() < pos && t.length() > 0) {
                throw new InvalidModelException(
                        file,
                        t.name(),
                        t.offset(),
                        t.end(),
                        "overlaps tensor \"" + prev.name() + "\" at [" + prev.offset() + ", " + prev.end() + ")");
            }
            if (t.offset() > pos) {
                if (contiguous) {
                    throw new InvalidModelException(
                            file, t.name(), pos, t.offset(), "is a gap before this tensor: offsets are not contiguous");
                }
                if (t.offset() - pos > 4096) {
                    warnings.add((t.offset() - pos) + " bytes unaccounted for before tensor \"" + t.name() + "\"");
                }
            }
            if (t.end() > pos) {
                pos = t.end();
                prev = t;
            }
        }
        if (pos < end) {
            if (contiguous) {
                throw new InvalidModelException(file, null, pos, end, "are not covered by any tensor");
            }
            if (end - pos > 4096) {
                warnings.add((end - pos) + " bytes after the last tensor");
            }
        }
    }

    /** Checks that the length equals elements times dtype size. */
    static void checkSize(String file, TensorExtent t) throws InvalidModelException {
        long elements = t.elements();
        long expected = elements < 0 ? -1 : t.dtype().byteLength(elements);
        if (expected < 0) {
            throw new InvalidModelException(
                    file,
                    t.name(),
                    t.offset(),
                    t.end(),
                    "has shape " + t.shape() + " that is no whole number of " + t.dtype() + " blocks or overflows");
        }
        if (expected != t.length()) {
            throw new InvalidModelException(
                    file,
                    t.name(),
                    t.offset(),
                    t.end(),
                    "holds " + t.length() + " bytes but shape " + t.shape() + " of " + t.dtype() + " needs "
                            + expected);
        }
    }
}
