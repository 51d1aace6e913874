package io.holdfast.engine;

import io.holdfast.format.model.InvalidModelException;
import io.holdfast.format.model.ModelFiles;
import io.holdfast.format.model.ModelLayout;
import io.holdfast.format.model.ModelSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Looks at a file about to be backed up: if its first bytes look like a model, parses its header and returns the
 * tensor boundaries to cut at and the record to store. Other files cost one 16-byte read on the channel the backup
 * reads anyway.
 */
final class ModelInspector {
    private final ModelOptions opts;

    /** Whether model files are validated (so an unchanged file's stored result counts too). */
    boolean validates() {
        return opts.validate() != ModelOptions.Validate.OFF;
    }

    ModelInspector(ModelOptions opts) {
        this.opts = opts;
    }

    /** What inspection found: cut offsets (empty for none) and the record, null for files that are not models. */
    record Result(
            long[] cuts,
            @Nullable ModelRecord record,
            @Nullable InvalidModelException error) {
        static final Result NONE = new Result(new long[0], null, null);
    }

    /** The result for a model the model codec already detected and parsed: its record, no cuts. */
    Result recordOnly(ModelLayout layout) {
        return new Result(
                new long[0], opts.validate() == ModelOptions.Validate.OFF ? null : ModelRecord.of(layout), null);
    }

    Result inspect(String name, FileChannel ch) throws IOException {
        if (!opts.detect()) {
            return Result.NONE;
        }
        byte[] head = new byte[ModelFiles.SNIFF_BYTES];
        ByteBuffer bb = ByteBuffer.wrap(head);
        while (bb.hasRemaining() && ch.read(bb, bb.position()) > 0) {
            // read the first bytes, or fewer for a short file
        }
        if (!ModelFiles.sniff(head, bb.position())) {
            return Result.NONE;
        }
        try {
            Optional<ModelLayout> layout = ModelFiles.detect(ModelSource.of(name, ch));
            if (layout.isEmpty()) {
                return Result.NONE;
            }
            ModelLayout l = layout.get();
            long[] cuts = opts.chunking() ? l.boundaries() : new long[0];
            return new Result(cuts, opts.validate() == ModelOptions.Validate.OFF ? null : ModelRecord.of(l), null);
        } catch (InvalidModelException e) {
            if (opts.validate() == ModelOptions.Validate.OFF) {
                return Result.NONE;
            }
            return new Result(new long[0], ModelRecord.invalid("unknown", e), e);
        } catch (IOException | RuntimeException e) {
            // the file changed while it was parsed, or a parser bug: back it up as an ordinary file
            return Result.NONE;
        }
    }
}
