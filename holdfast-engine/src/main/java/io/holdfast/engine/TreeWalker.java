package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.util.Objects;

/** Depth-first walks over snapshot trees, in name order, for ls, diff, stats and find. */
public final class TreeWalker {
    private final Repository repo;

    public TreeWalker(Repository repo) {
        this.repo = repo;
    }

    /** Receives each node with its path in the snapshot ({@code /dir/file}). */
    @FunctionalInterface
    public interface Visitor {
        /** Returns false to skip the children of a directory. */
        boolean visit(String path, Node node) throws IOException;
    }

    /** Loads and parses a tree blob. */
    public Tree tree(Id id) throws IOException {
        return Tree.parse(id, repo.loadBlob(BlobType.TREE, id));
    }

    /** Walks the tree {@code root} whose path is {@code prefix}. */
    public void walk(Id root, String prefix, Visitor visitor) throws IOException {
        for (Node n : tree(root).nodes()) {
            String p = join(prefix, n.name());
            boolean descend = visitor.visit(p, n);
            if (descend && n.type() == NodeType.DIR && n.subtree() != null) {
                walk(Objects.requireNonNull(n.subtree()), p, visitor);
            }
        }
    }

    /**
     * Finds the node at {@code path} (e.g. {@code /home/u/file}) below the root tree; returns null for {@code /}.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such path in the snapshot
     */
    public @org.jspecify.annotations.Nullable Node find(Id root, String path) throws IOException {
        Node found = null;
        Id tree = root;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (tree == null) {
                throw new java.nio.file.NoSuchFileException(path, null, "not a directory in the snapshot");
            }
            found = tree(tree).find(part);
            if (found == null) {
                throw new java.nio.file.NoSuchFileException(path, null, "no such path in the snapshot");
            }
            tree = found.type() == NodeType.DIR ? found.subtree() : null;
        }
        return found;
    }

    /** Joins a snapshot path and a name. */
    public static String join(String prefix, String name) {
        return prefix.endsWith("/") ? prefix + name : prefix + "/" + name;
    }
}
