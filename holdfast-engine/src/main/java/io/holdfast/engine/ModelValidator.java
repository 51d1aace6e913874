package io.holdfast.engine;

import io.holdfast.format.CorruptDataException;
import io.holdfast.format.model.InvalidModelException;
import io.holdfast.format.model.ModelFiles;
import io.holdfast.format.model.ModelLayout;
import io.holdfast.format.model.ModelSource;
import io.holdfast.format.model.TensorExtent;
import io.holdfast.format.model.TensorScan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Validates one model file: its structure (header, extents in bounds, not overlapping, sized by dtype and shape,
 * alignment), optionally its values (NaN and infinity counts, statistics), and for a file in a snapshot every blob of
 * its content, each damaged blob reported as the tensors and offsets it holds.
 */
public final class ModelValidator {
    private ModelValidator() {}

    /** Validation status of a file. */
    public enum Status {
        OK,
        WARNINGS,
        INVALID,
        NOT_A_MODEL
    }

    /** One tensor's value statistics. */
    public record TensorValues(String tensor, long offset, long end, TensorScan scan) {}

    /**
     * The outcome for one file.
     *
     * @param file name or path
     * @param status overall status
     * @param layout the parsed layout, or null if the file is not a model or did not parse
     * @param problems errors (status INVALID) or warnings, each naming tensor and offsets where they apply
     * @param values per-tensor statistics when values were scanned
     */
    public record Report(
            String file,
            Status status,
            @Nullable ModelLayout layout,
            List<String> problems,
            List<TensorValues> values) {}

    /**
     * Validates {@code src}.
     *
     * @param scanValues read every floating-point tensor and count NaN and infinite values
     */
    public static Report validate(ModelSource src, boolean scanValues) throws IOException {
        Optional<ModelLayout> found;
        try {
            found = ModelFiles.detect(src);
        } catch (InvalidModelException e) {
            return new Report(src.name(), Status.INVALID, null, List.of(String.valueOf(e.getMessage())), List.of());
        } catch (CorruptDataException e) {
            return new Report(
                    src.name(),
                    Status.INVALID,
                    null,
                    List.of(src.name() + ": the header cannot be read: " + e.getMessage()),
                    List.of());
        }
        if (found.isEmpty()) {
            return new Report(src.name(), Status.NOT_A_MODEL, null, List.of(), List.of());
        }
        ModelLayout l = found.get();
        List<String> errors = new ArrayList<>();
        List<TensorValues> values = new ArrayList<>();
        if (src instanceof SnapshotFileSource s) {
            errors.addAll(damagedBlobs(s, l));
        }
        if (scanValues && errors.isEmpty()) {
            for (TensorExtent t : l.tensors()) {
                if (!TensorScan.scannable(t.dtype())) {
                    continue;
                }
                TensorScan scan = TensorScan.scan(src, t);
                values.add(new TensorValues(t.name(), t.offset(), t.end(), scan));
                if (scan.hasNonFinite()) {
                    errors.add(src.name() + ": tensor \"" + t.name() + "\" bytes [" + t.offset() + ", " + t.end()
                            + ") has " + scan.nan() + " NaN and " + scan.inf() + " infinite values");
                }
            }
        }
        if (!errors.isEmpty()) {
            return new Report(src.name(), Status.INVALID, l, errors, values);
        }
        Status st = l.warnings().isEmpty() ? Status.OK : Status.WARNINGS;
        return new Report(src.name(), st, l, l.warnings(), values);
    }

    /** Validates the file at {@code path}, including ONNX external-data references to files next to it. */
    public static Report validate(java.nio.file.Path path, boolean scanValues) throws IOException {
        Report r;
        try (java.nio.channels.FileChannel ch =
                java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.READ)) {
            r = validate(ModelSource.of(path.toString(), ch), scanValues);
        }
        ModelLayout l = r.layout();
        if (l == null || l.external().isEmpty() || r.status() == Status.INVALID) {
            return r;
        }
        try {
            ModelLayout checked = LocalModels.checkExternal(path, l);
            Status st = checked.warnings().isEmpty() ? Status.OK : Status.WARNINGS;
            return new Report(r.file(), st, checked, checked.warnings(), r.values());
        } catch (InvalidModelException e) {
            return new Report(r.file(), Status.INVALID, l, List.of(String.valueOf(e.getMessage())), r.values());
        }
    }

    /** Loads every blob of a snapshot file; each one that fails is reported as the tensors it overlaps. */
    static List<String> damagedBlobs(SnapshotFileSource s, ModelLayout l) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.blobs().size(); i++) {
            try {
                s.blob(i);
            } catch (IOException e) {
                out.add(damage(s.name(), l, s.blobStart(i), s.blobStart(i + 1), e.getMessage()));
            }
        }
        return out;
    }

    /** A message naming the tensors that overlap the damaged range {@code [start, end)}. */
    static String damage(String file, @Nullable ModelLayout l, long start, long end, @Nullable String why) {
        StringBuilder sb = new StringBuilder(file)
                .append(": bytes [")
                .append(start)
                .append(", ")
                .append(end);
        sb.append(") are damaged");
        List<String> hit = new ArrayList<>();
        if (l != null) {
            for (TensorExtent t : l.tensors()) {
                if (t.offset() < end && t.end() > start && hit.size() < 5) {
                    hit.add("\"" + t.name() + "\" [" + t.offset() + ", " + t.end() + ")");
                }
            }
        }
        if (!hit.isEmpty()) {
            sb.append(" in tensor ").append(String.join(", ", hit));
        } else if (l != null
                && start
                        < (l.tensors().isEmpty()
                                ? l.fileSize()
                                : l.tensors().get(0).offset())) {
            sb.append(" in the header");
        }
        if (why != null) {
            sb.append(" (").append(why).append(')');
        }
        return sb.toString();
    }
}
