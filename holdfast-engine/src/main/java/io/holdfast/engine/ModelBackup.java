package io.holdfast.engine;

import io.holdfast.format.model.InvalidModelException;
import io.holdfast.format.model.ModelFiles;
import io.holdfast.format.model.ModelLayout;
import io.holdfast.format.model.ModelSource;
import io.holdfast.format.model.codec.CodecManifest;
import io.holdfast.format.tree.ExtendedAttribute;
import io.holdfast.format.tree.Node;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The model codec's part of a backup: which files it encodes and against which base.
 *
 * @param saver encodes and saves model files
 * @param fallbackBase the base for model files whose parent node is not codec-encoded ({@code --model-base})
 */
record ModelBackup(ModelFileSaver saver, @Nullable Node fallbackBase) {
    /** Files smaller than this are never looked at. */
    static final long MIN_SIZE = 4096;

    /** The layout of {@code p} if it is a model file the codec encodes; damaged models are backed up plain. */
    @Nullable
    ModelLayout detect(FileChannel ch, String name, long size) {
        if (size < MIN_SIZE) {
            return null;
        }
        try {
            ModelLayout l = ModelFiles.detect(ModelSource.of(name, ch)).orElse(null);
            return l != null && l.fileSize() == size && !l.tensors().isEmpty() ? l : null;
        } catch (InvalidModelException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The base node for a file whose node in the parent snapshot is {@code old}. */
    @Nullable
    Node baseFor(@Nullable Node old) {
        try {
            if (old != null && CodecManifest.of(old) != null) {
                return old;
            }
        } catch (IOException e) {
            // a damaged manifest in the parent: ignore it as a base
        }
        return fallbackBase;
    }

    /** {@code attrs} (a file's own attributes) with the manifest added. */
    static List<ExtendedAttribute> withManifest(List<ExtendedAttribute> attrs, ExtendedAttribute manifest) {
        List<ExtendedAttribute> out = new ArrayList<>(attrs.size() + 1);
        for (ExtendedAttribute a : attrs) {
            if (!a.name().equals(CodecManifest.XATTR)) {
                out.add(a);
            }
        }
        out.add(manifest);
        out.sort(Comparator.comparing(ExtendedAttribute::name));
        return out;
    }

    /** Whether {@code node} is a codec-encoded file (its content is not the file's bytes). */
    static boolean isEncoded(Node node) {
        return manifestOf(node) != null;
    }

    /** The manifest attribute of {@code node}, if it has one. */
    static @Nullable ExtendedAttribute manifestOf(Node node) {
        for (ExtendedAttribute a : node.extendedAttributes()) {
            if (a.name().equals(CodecManifest.XATTR)) {
                return a;
            }
        }
        return null;
    }
}
