package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Walks snapshot trees for {@link Checker}: reachability and readability, then which files damage affects. */
final class TreeChecker {
    private static final int MAX_AFFECTED_LINES = 1000;

    private final Repository repo;
    private final List<String> errors;
    private final Set<Id> visited = new HashSet<>();
    private final Set<Id> broken = new HashSet<>();
    private final TreePrefetch prefetch;
    private int affectedLines;
    private boolean sawModels;

    TreeChecker(Repository repo, List<String> errors) {
        this.repo = repo;
        this.errors = errors;
        this.prefetch = TreePrefetch.of(repo);
    }

    private record Item(Id tree, String path) {}

    /**
     * Walks a snapshot's trees depth-first, each tree once across all snapshots walked; the trees are loaded ahead on
     * the repository's workers ({@link TreePrefetch}), the walk and its reports stay in this order.
     */
    void walk(Snapshots.Ref snap) {
        Deque<Item> todo = new ArrayDeque<>();
        todo.push(new Item(snap.snapshot().tree(), "/"));
        while (!todo.isEmpty()) {
            Item it = todo.pop();
            if (!visited.add(it.tree())) {
                prefetch.drop(it.tree());
                continue;
            }
            Tree t = load(it.tree(), snap, it.path());
            if (t == null) {
                continue;
            }
            for (Node n : t.nodes()) {
                String p = it.path().endsWith("/") ? it.path() + n.name() : it.path() + "/" + n.name();
                if (n.type() == NodeType.DIR) {
                    Id sub = n.subtree();
                    if (sub == null) {
                        errors.add("snapshot " + snap.id().shortHex() + ": directory " + p + " has no subtree");
                    } else {
                        todo.push(new Item(sub, p));
                        if (!visited.contains(sub) && !broken.contains(sub)) {
                            prefetch.ahead(sub); // the last one pushed is walked, and loaded, first
                        }
                    }
                } else if (n.type() == NodeType.FILE && n.content() != null) {
                    codecPieces(n, p, snap);
                    if (!sawModels) {
                        sawModels = ModelRecord.of(n).isPresent();
                    }
                    for (Id id : n.content()) {
                        if (!repo.index().has(BlobType.DATA, id)) {
                            errors.add("data blob " + id.hex() + ": not in any index; file " + p + " in snapshot "
                                    + snap.id().shortHex() + " cannot be restored");
                        }
                    }
                }
            }
        }
    }

    /** Model codec pieces seen by {@link #walk}, each with the first file that uses it. */
    java.util.Map<CodecVerifier.Piece, String> codecPieces() {
        return codecPieces;
    }

    private final java.util.Map<CodecVerifier.Piece, String> codecPieces = new java.util.LinkedHashMap<>();

    private void codecPieces(Node n, String p, Snapshots.Ref snap) {
        try {
            io.holdfast.format.model.codec.CodecManifest m = io.holdfast.format.model.codec.CodecManifest.of(n);
            if (m == null) {
                return;
            }
            java.util.List<Id> content = java.util.Objects.requireNonNull(n.content());
            for (int i = 0; i < m.pieces().size(); i++) {
                if (m.pieces().get(i).encoded()) {
                    codecPieces.putIfAbsent(
                            new CodecVerifier.Piece(
                                    content.get(i), m.pieces().get(i).sha256()),
                            "file " + p + " in snapshot " + snap.id().shortHex());
                }
            }
        } catch (java.io.IOException e) {
            errors.add(
                    e.getMessage() + "; file " + p + " in snapshot " + snap.id().shortHex() + " cannot be restored");
        }
    }

    /** Whether the walks met a file with a model record (else there is nothing to validate again). */
    boolean sawModels() {
        return sawModels;
    }

    /** Stops loading trees ahead; call when the walks are done. */
    void endWalks() {
        prefetch.close();
    }

    private @Nullable Tree load(Id id, Snapshots.Ref snap, String path) {
        if (broken.contains(id)) {
            prefetch.drop(id);
            return null;
        }
        if (!repo.index().has(BlobType.TREE, id)) {
            broken.add(id);
            errors.add("tree " + id.hex() + ": not in any index; directory " + path + " of snapshot "
                    + snap.id().shortHex() + " is lost");
            return null;
        }
        try {
            return prefetch.take(id);
        } catch (IOException e) {
            broken.add(id);
            errors.add("tree " + id.hex() + ": cannot be read (" + e.getMessage() + "); directory " + path
                    + " of snapshot " + snap.id().shortHex() + " is lost");
            return null;
        }
    }

    /** Whether the walk met trees that cannot be read. */
    boolean foundBroken() {
        return !broken.isEmpty();
    }

    /**
     * Reports the files of a snapshot that contain any of {@code bad}, and its directories whose tree is in {@code
     * bad} or could not be read: the walk reports an unreadable tree once, for the first snapshot that reaches it.
     */
    void affected(Snapshots.Ref snap, Set<Id> bad) {
        Map<Id, Boolean> seen = new HashMap<>();
        Deque<Item> todo = new ArrayDeque<>();
        todo.push(new Item(snap.snapshot().tree(), "/"));
        while (!todo.isEmpty()) {
            Item it = todo.pop();
            if (seen.put(it.tree(), Boolean.TRUE) != null) {
                continue;
            }
            if (bad.contains(it.tree()) || broken.contains(it.tree())) {
                report("snapshot " + snap.id().shortHex() + ": directory " + it.path() + " is damaged");
                continue;
            }
            Tree t;
            try {
                t = Tree.parse(it.tree(), repo.loadBlob(BlobType.TREE, it.tree()));
            } catch (IOException e) {
                continue;
            }
            for (Node n : t.nodes()) {
                String p = it.path().endsWith("/") ? it.path() + n.name() : it.path() + "/" + n.name();
                if (n.type() == NodeType.DIR && n.subtree() != null) {
                    todo.push(new Item(n.subtree(), p));
                } else if (n.content() != null) {
                    for (Id id : n.content()) {
                        if (bad.contains(id)) {
                            report("snapshot " + snap.id().shortHex() + ": file " + p + " is damaged");
                            break;
                        }
                    }
                }
            }
        }
    }

    private void report(String line) {
        if (affectedLines++ < MAX_AFFECTED_LINES) {
            errors.add(line);
        }
    }
}
