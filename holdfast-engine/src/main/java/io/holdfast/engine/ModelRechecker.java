package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.model.InvalidModelException;
import io.holdfast.format.model.ModelFiles;
import io.holdfast.format.model.ModelLayout;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * For {@code check --read-data}: re-validates every model file that a snapshot recorded as valid. Headers are parsed
 * again from the repository, and every damaged blob of a model file is reported as file, tensor name and offsets.
 * Each distinct file content is checked once.
 */
final class ModelRechecker {
    private static final int MAX_REPORTS = 200;

    private final Repository repo;
    private final List<String> errors;
    private final Set<List<Id>> done = new HashSet<>();
    private int reported;

    ModelRechecker(Repository repo, List<String> errors) {
        this.repo = repo;
        this.errors = errors;
    }

    private record Item(Id tree, String path) {}

    void recheck(List<Snapshots.Ref> snaps, Set<Id> badBlobs) {
        Set<Id> seenTrees = new HashSet<>();
        for (Snapshots.Ref s : snaps) {
            Deque<Item> todo = new ArrayDeque<>();
            todo.push(new Item(s.snapshot().tree(), "/"));
            while (!todo.isEmpty()) {
                Item it = todo.pop();
                if (!seenTrees.add(it.tree()) || badBlobs.contains(it.tree())) {
                    continue;
                }
                Tree t;
                try {
                    t = Tree.parse(it.tree(), repo.loadBlob(BlobType.TREE, it.tree()));
                } catch (IOException e) {
                    continue; // the tree check reports it
                }
                for (Node n : t.nodes()) {
                    String p = TreeWalker.join(it.path(), n.name());
                    if (n.type() == NodeType.DIR && n.subtree() != null) {
                        todo.push(new Item(Objects.requireNonNull(n.subtree()), p));
                    } else if (n.type() == NodeType.FILE) {
                        Optional<ModelRecord> r = ModelRecord.of(n);
                        if (r.isPresent() && !r.get().invalid()) {
                            file(s, p, n, badBlobs);
                        }
                    }
                }
            }
        }
    }

    private void file(Snapshots.Ref s, String path, Node n, Set<Id> badBlobs) {
        if (ModelBackup.isEncoded(n)) {
            return; // codec-encoded: CodecVerifier decodes and verifies every piece
        }
        List<Id> content = n.content();
        if (content == null || !done.add(content)) {
            return;
        }
        String name = "snapshot " + s.id().shortHex() + ": model file " + path;
        try {
            SnapshotFileSource src = new SnapshotFileSource(repo, name, n);
            ModelLayout layout = null;
            String parseError = null;
            try {
                Optional<ModelLayout> l = ModelFiles.detect(src);
                layout = l.orElse(null);
                if (l.isEmpty()) {
                    parseError = name + ": no longer parses as a model";
                }
            } catch (InvalidModelException e) {
                parseError = e.getMessage();
            } catch (IOException e) {
                parseError = name + ": the header cannot be read: " + e.getMessage();
            }
            boolean damaged = false;
            for (int i = 0; i < content.size(); i++) {
                if (badBlobs.contains(content.get(i))) {
                    damaged = true;
                    report(ModelValidator.damage(
                            name,
                            layout,
                            src.blobStart(i),
                            src.blobStart(i + 1),
                            "blob " + content.get(i).shortHex()));
                }
            }
            if (parseError != null && !damaged) {
                report(parseError);
            }
        } catch (IOException e) {
            report(name + ": " + e.getMessage());
        }
    }

    private void report(@Nullable String message) {
        if (reported++ < MAX_REPORTS) {
            errors.add(String.valueOf(message));
        }
    }
}
