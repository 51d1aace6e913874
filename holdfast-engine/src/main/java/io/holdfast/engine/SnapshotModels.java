package io.holdfast.engine;

import io.holdfast.format.Id;
import io.holdfast.format.model.ModelFiles;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The model files of a snapshot: listing their stored records, and validating them from the repository. */
public final class SnapshotModels {
    private final Repository repo;

    public SnapshotModels(Repository repo) {
        this.repo = repo;
    }

    /** A model file in a snapshot with the record its backup stored. */
    public record Entry(String path, long size, ModelRecord record) {}

    /** Model files (those with a stored record) at or below {@code prefix} in the tree {@code root}. */
    public List<Entry> list(Id root, String prefix) throws IOException {
        List<Entry> out = new ArrayList<>();
        walk(root, prefix, (path, n) -> {
            Optional<ModelRecord> r = ModelRecord.of(n);
            r.ifPresent(rec -> out.add(new Entry(path, n.size(), rec)));
        });
        return out;
    }

    /**
     * Validates the files at or below {@code prefix}: those with a stored model record, and any other file whose
     * first bytes look like a model. Every blob of a model file is loaded and verified.
     */
    public List<ModelValidator.Report> validate(Id root, String prefix, boolean scanValues) throws IOException {
        List<ModelValidator.Report> out = new ArrayList<>();
        walk(root, prefix, (path, n) -> {
            SnapshotFileSource src = new SnapshotFileSource(repo, path, n);
            if (ModelRecord.of(n).isEmpty() && !looksLikeModel(src)) {
                return;
            }
            out.add(ModelValidator.validate(src, scanValues));
        });
        return out;
    }

    private static boolean looksLikeModel(SnapshotFileSource src) {
        try {
            byte[] head = new byte[ModelFiles.SNIFF_BYTES];
            int len = (int) Math.min(head.length, src.size());
            src.read(0, head, 0, len);
            return ModelFiles.sniff(head, len);
        } catch (IOException e) {
            return true; // unreadable: let validation report it
        }
    }

    private interface FileVisitor {
        void file(String path, Node n) throws IOException;
    }

    private void walk(Id root, String prefix, FileVisitor v) throws IOException {
        String norm = prefix.isEmpty() || prefix.equals("/") ? "/" : (prefix.startsWith("/") ? prefix : "/" + prefix);
        String under = norm.endsWith("/") ? norm : norm + "/";
        new TreeWalker(repo).walk(root, "/", (path, n) -> {
            boolean inside = norm.equals("/") || path.equals(norm) || path.startsWith(under);
            if (inside && n.type() == NodeType.FILE) {
                v.file(path, n);
            }
            return inside || under.startsWith(path + "/");
        });
    }
}
