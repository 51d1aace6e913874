package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.MasterIndex;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Compares two snapshots' trees as restic's {@code diff} does: {@code +} added, {@code -} removed, {@code M} a file's
 * content changed, {@code T} the type changed, {@code U} metadata changed (only when asked), and restic's statistics:
 * files, directories and other nodes added and removed, and the blobs only one side references.
 */
public final class Differ {
    private final TreeWalker walker;
    private final MasterIndex index;
    private final boolean metadata;

    /** One change: restic's modifier ({@code +}, {@code -}, {@code M}, {@code T}, {@code U}, {@code TM}...) and path. */
    public record Change(String modifier, String path) {}

    /** Counts for one side, as restic's {@code DiffStat}; {@code bytes} is the plaintext size of the blobs. */
    public record Side(int files, int dirs, int others, int dataBlobs, int treeBlobs, long bytes) {}

    /** The changes, in restic's order, and the statistics. */
    public record Result(List<Change> changes, int changedFiles, Side added, Side removed, List<String> warnings) {}

    /** @param metadata whether to report metadata changes ({@code U}), as restic's {@code --metadata} */
    public Differ(TreeWalker walker, MasterIndex index, boolean metadata) {
        this.walker = walker;
        this.index = index;
        this.metadata = metadata;
    }

    private final List<Change> changes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Set<Blob> before = new HashSet<>();
    private final Set<Blob> after = new HashSet<>();
    private final Set<Blob> common = new HashSet<>();
    private final int[] addedNodes = new int[3];
    private final int[] removedNodes = new int[3];
    private int changedFiles;

    private record Blob(BlobType type, Id id) {}

    /** Compares the trees {@code a} (before) and {@code b} (after). Use each instance once. */
    public Result diff(Id a, Id b) throws IOException {
        before.add(new Blob(BlobType.TREE, a));
        after.add(new Blob(BlobType.TREE, b));
        diffTree("/", a, b);
        Set<Blob> both = new HashSet<>(before);
        both.retainAll(after);
        Set<Blob> onlyBefore = new HashSet<>(before);
        onlyBefore.removeAll(both);
        onlyBefore.removeAll(common);
        Set<Blob> onlyAfter = new HashSet<>(after);
        onlyAfter.removeAll(both);
        onlyAfter.removeAll(common);
        return new Result(
                List.copyOf(changes),
                changedFiles,
                side(addedNodes, onlyAfter),
                side(removedNodes, onlyBefore),
                List.copyOf(warnings));
    }

    private void diffTree(String prefix, Id a, Id b) throws IOException {
        List<Node> na = walker.tree(a).nodes();
        List<Node> nb = walker.tree(b).nodes();
        int i = 0;
        int j = 0;
        while (i < na.size() || j < nb.size()) {
            int c = i >= na.size()
                    ? 1
                    : j >= nb.size()
                            ? -1
                            : Arrays.compareUnsigned(
                                    na.get(i).nameBytes(), nb.get(j).nameBytes());
            Node x = c <= 0 ? na.get(i++) : null;
            Node y = c >= 0 ? nb.get(j++) : null;
            addBlobs(before, x);
            addBlobs(after, y);
            if (x != null && y != null) {
                both(prefix, x, y);
            } else if (x != null) {
                removedOrAdded(prefix, x, "-", removedNodes, before);
            } else if (y != null) {
                removedOrAdded(prefix, y, "+", addedNodes, after);
            }
        }
    }

    private void both(String prefix, Node x, Node y) throws IOException {
        String name = TreeWalker.join(prefix, x.name());
        String mod = x.type() != y.type() ? "T" : "";
        if (y.type() == NodeType.DIR) {
            name += "/";
        }
        if (x.type() == NodeType.FILE && y.type() == NodeType.FILE && !Objects.equals(x.content(), y.content())) {
            mod += "M";
            changedFiles++;
        } else if (metadata && !sameMetadata(x, y)) {
            mod += "U";
        }
        if (!mod.isEmpty()) {
            changes.add(new Change(mod, name));
        }
        if (x.type() == NodeType.DIR && y.type() == NodeType.DIR) {
            Id sa = Objects.requireNonNull(x.subtree(), "directory without subtree");
            Id sb = Objects.requireNonNull(y.subtree(), "directory without subtree");
            if (sa.equals(sb)) {
                collect(sa);
            } else {
                diffTree(TreeWalker.join(prefix, x.name()), sa, sb);
            }
        }
    }

    private void removedOrAdded(String prefix, Node n, String mode, int[] counts, Set<Blob> blobs) throws IOException {
        String p = TreeWalker.join(prefix, n.name());
        changes.add(new Change(mode, n.type() == NodeType.DIR ? p + "/" : p));
        count(counts, n);
        if (n.type() == NodeType.DIR && n.subtree() != null) {
            walk(Objects.requireNonNull(n.subtree()), p, mode, counts, blobs);
        }
    }

    /** restic's {@code printDir}: every node below an added or removed directory. */
    private void walk(Id tree, String prefix, String mode, int[] counts, Set<Blob> blobs) throws IOException {
        Tree t;
        try {
            t = walker.tree(tree);
        } catch (IOException e) {
            warnings.add("tree " + tree.hex() + " below " + prefix + " cannot be read: " + e.getMessage());
            return;
        }
        for (Node n : t.nodes()) {
            String p = TreeWalker.join(prefix, n.name());
            changes.add(new Change(mode, n.type() == NodeType.DIR ? p + "/" : p));
            count(counts, n);
            addBlobs(blobs, n);
            if (n.type() == NodeType.DIR && n.subtree() != null) {
                walk(Objects.requireNonNull(n.subtree()), p, mode, counts, blobs);
            }
        }
    }

    /** restic's {@code collectDir}: the blobs of a subtree both sides share. */
    private void collect(Id tree) throws IOException {
        for (Node n : walker.tree(tree).nodes()) {
            addBlobs(common, n);
            if (n.type() == NodeType.DIR && n.subtree() != null) {
                collect(Objects.requireNonNull(n.subtree()));
            }
        }
    }

    private static void addBlobs(Set<Blob> blobs, @Nullable Node n) {
        if (n == null) {
            return;
        }
        if (n.type() == NodeType.FILE && n.content() != null) {
            for (Id id : Objects.requireNonNull(n.content())) {
                blobs.add(new Blob(BlobType.DATA, id));
            }
        } else if (n.type() == NodeType.DIR && n.subtree() != null) {
            blobs.add(new Blob(BlobType.TREE, Objects.requireNonNull(n.subtree())));
        }
    }

    private static void count(int[] counts, Node n) {
        counts[n.type() == NodeType.FILE ? 0 : n.type() == NodeType.DIR ? 1 : 2]++;
    }

    private Side side(int[] counts, Set<Blob> blobs) {
        int data = 0;
        int trees = 0;
        long bytes = 0;
        for (Blob b : blobs) {
            if (b.type() == BlobType.DATA) {
                data++;
            } else {
                trees++;
            }
            BlobLocation loc = index.lookup(b.type(), b.id());
            if (loc == null) {
                warnings.add("unable to find the size of " + b.type().jsonName() + " blob " + b.id().hex()
                        + ": it is in no index");
                continue;
            }
            bytes += loc.plaintextLength();
        }
        return new Side(counts[0], counts[1], counts[2], data, trees, bytes);
    }

    /** restic's {@code Node.Equals}: every field, times compared as instants. */
    private static boolean sameMetadata(Node x, Node y) {
        return utc(x).equals(utc(y));
    }

    private static Node utc(Node n) {
        return n.toBuilder()
                .mtime(n.mtime().withOffsetSameInstant(ZoneOffset.UTC))
                .atime(n.atime().withOffsetSameInstant(ZoneOffset.UTC))
                .ctime(n.ctime().withOffsetSameInstant(ZoneOffset.UTC))
                .build();
    }
}
