package io.holdfast.client;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.MasterIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A snapshot's nodes by path, read from an undamaged repository, so a test can work out on its own which files a
 * damaged byte range destroys: a data blob destroys the files that contain it, a tree blob the directory it
 * describes with everything below.
 *
 * @param id the snapshot
 * @param root its root tree
 * @param nodes every node by snapshot path ({@code /home/u/file}), in walk order
 */
record SnapshotLayout(Id id, Id root, Map<String, Node> nodes) {

    /** Reads the layout of {@code snapshot} through the facade. */
    static SnapshotLayout read(Holdfast h, Id snapshot) throws IOException {
        Map<String, Node> nodes = new LinkedHashMap<>();
        h.ls(snapshot.hex(), (path, node) -> {
            nodes.put(path, node);
            return true;
        });
        return new SnapshotLayout(
                snapshot, h.snapshot(snapshot.hex()).snapshot().tree(), nodes);
    }

    /** The blobs of this snapshot stored in {@code pack} at a range that contains byte {@code offset}. */
    Set<Id> blobsAt(MasterIndex index, Id pack, long offset) {
        Set<Id> out = new HashSet<>();
        List<BlobLocation> candidates = new ArrayList<>();
        candidates.add(index.lookup(BlobType.TREE, root));
        for (Node n : nodes.values()) {
            if (n.type() == NodeType.DIR && n.subtree() != null) {
                candidates.add(index.lookup(BlobType.TREE, Objects.requireNonNull(n.subtree())));
            } else if (n.content() != null) {
                for (Id blob : n.content()) {
                    candidates.add(index.lookup(BlobType.DATA, blob));
                }
            }
        }
        for (BlobLocation loc : candidates) {
            if (loc.pack().equals(pack) && offset >= loc.offset() && offset < loc.offset() + loc.length()) {
                out.add(loc.id());
            }
        }
        return out;
    }

    /**
     * The topmost paths that {@code damaged} blobs destroy: directories whose tree is damaged ({@code /} for the root
     * tree) and files with a damaged blob that are not below such a directory.
     */
    Map<String, NodeType> lost(Set<Id> damaged) {
        Map<String, NodeType> out = new LinkedHashMap<>();
        if (damaged.contains(root)) {
            out.put("/", NodeType.DIR);
            return out;
        }
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            String path = e.getKey();
            Node n = e.getValue();
            if (out.keySet().stream().anyMatch(dir -> path.startsWith(dir + "/"))) {
                continue;
            }
            if (n.type() == NodeType.DIR && damaged.contains(n.subtree())) {
                out.put(path, NodeType.DIR);
            } else if (n.content() != null && n.content().stream().anyMatch(damaged::contains)) {
                out.put(path, NodeType.FILE);
            }
        }
        return out;
    }

    /** Whether restoring {@code dir} needs a tree from {@code lost}: the root's, or one on the way to, or of, dir. */
    static boolean onTheWay(Map<String, NodeType> lost, String dir) {
        return lost.keySet().stream()
                .anyMatch(p -> lost.get(p) == NodeType.DIR && (p.equals("/") || (dir + "/").startsWith(p + "/")));
    }
}
