package io.holdfast.cli.webdav;

import io.holdfast.engine.Snapshots;
import io.holdfast.engine.TreeWalker;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The read-only name space {@code webdav} serves, laid out as restic's {@code mount}: {@code /snapshots/TIME/},
 * {@code /ids/SHORTID/}, {@code /hosts/HOST/TIME/} and {@code /tags/TAG/TIME/}, each holding a snapshot's files
 * from its root. Names are byte strings, so file names that are not UTF-8 keep their bytes (percent-encoded in URLs).
 */
final class SnapshotTree {
    /** What a path names: a virtual directory (its entries), or a node of a snapshot. */
    sealed interface Entry permits Virtual, InSnapshot {
        String name();
    }

    /** A directory of the layout; {@code children} is empty below the snapshots' level. */
    record Virtual(String name, Map<String, Entry> children, Instant modified) implements Entry {}

    /** A node of a snapshot's tree ({@code node} null for the snapshot's root). */
    record InSnapshot(
            String name, Snapshots.Ref snapshot, @Nullable Node node, String path) implements Entry {
        boolean directory() {
            return node == null || node.type() == NodeType.DIR;
        }

        Instant modified() {
            return node == null ? snapshot.snapshot().time().toInstant() : node.mtimeInstant();
        }
    }

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZoneId.systemDefault());

    private final TreeWalker trees;
    private final Supplier<List<Snapshots.Ref>> snapshots;

    SnapshotTree(TreeWalker trees, Supplier<List<Snapshots.Ref>> snapshots) {
        this.trees = trees;
        this.snapshots = snapshots;
    }

    /** The entry at {@code segments} (decoded URL path segments, as bytes), or null if there is none. */
    @Nullable
    Entry resolve(List<byte[]> segments) throws IOException {
        Entry e = root();
        int i = 0;
        while (i < segments.size()) {
            if (e instanceof Virtual v) {
                e = v.children().get(new String(segments.get(i), StandardCharsets.UTF_8));
                if (e == null) {
                    return null;
                }
                i++;
            } else {
                return walk((InSnapshot) e, segments.subList(i, segments.size()));
            }
        }
        return e;
    }

    private @Nullable Entry walk(InSnapshot start, List<byte[]> rest) throws IOException {
        InSnapshot s = start;
        for (byte[] name : rest) {
            if (!s.directory()) {
                return null;
            }
            Node child = find(s, name);
            if (child == null) {
                return null;
            }
            s = new InSnapshot(child.name(), s.snapshot(), child, s.path() + "/" + child.name());
        }
        return s;
    }

    private @Nullable Node find(InSnapshot dir, byte[] name) throws IOException {
        for (Node n : children(dir)) {
            if (java.util.Arrays.equals(n.nameBytes(), name)) {
                return n;
            }
        }
        return null;
    }

    /** The files, directories and links of a snapshot directory; FIFOs, devices and sockets are left out. */
    List<Node> children(InSnapshot dir) throws IOException {
        Id tree = dir.node() == null
                ? dir.snapshot().snapshot().tree()
                : dir.node().subtree();
        if (tree == null) {
            return List.of();
        }
        Tree t = trees.tree(tree);
        List<Node> out = new ArrayList<>(t.size());
        for (Node n : t.nodes()) {
            if (n.type() == NodeType.DIR || n.type() == NodeType.FILE || n.type() == NodeType.SYMLINK) {
                out.add(n);
            }
        }
        return out;
    }

    /** The top of the layout, built from the current list of snapshots. */
    Virtual root() {
        List<Snapshots.Ref> all = snapshots.get();
        Instant newest = all.stream()
                .map(r -> r.snapshot().time().toInstant())
                .max(Instant::compareTo)
                .orElse(Instant.EPOCH);
        Map<String, Entry> byTime = byTime("snapshots", all);
        Map<String, Entry> ids = new TreeMap<>();
        Map<String, List<Snapshots.Ref>> hosts = new TreeMap<>();
        Map<String, List<Snapshots.Ref>> tags = new TreeMap<>();
        for (Snapshots.Ref r : all) {
            String id = r.id().shortHex();
            ids.put(id, new InSnapshot(id, r, null, ""));
            hosts.computeIfAbsent(r.snapshot().hostname(), h -> new ArrayList<>())
                    .add(r);
            for (String tag : r.snapshot().tags()) {
                tags.computeIfAbsent(tag, t -> new ArrayList<>()).add(r);
            }
        }
        Map<String, Entry> top = new LinkedHashMap<>();
        top.put("snapshots", new Virtual("snapshots", byTime, newest));
        top.put("ids", new Virtual("ids", ids, newest));
        top.put("hosts", grouped("hosts", hosts, newest));
        top.put("tags", grouped("tags", tags, newest));
        return new Virtual("", top, newest);
    }

    private static Virtual grouped(String name, Map<String, List<Snapshots.Ref>> groups, Instant modified) {
        Map<String, Entry> out = new TreeMap<>();
        groups.forEach((key, refs) -> out.put(key, new Virtual(key, byTime(key, refs), modified)));
        return new Virtual(name, out, modified);
    }

    /** Snapshots named by their local time as restic's mount names them; equal times get {@code -1}, {@code -2}. */
    private static Map<String, Entry> byTime(String parent, List<Snapshots.Ref> refs) {
        Map<String, Entry> out = new TreeMap<>();
        List<Snapshots.Ref> sorted = new ArrayList<>(refs);
        sorted.sort(java.util.Comparator.comparing(r -> r.snapshot().time()));
        for (Snapshots.Ref r : sorted) {
            String base = TIME.format(r.snapshot().time());
            String name = base;
            for (int n = 1; out.containsKey(name); n++) {
                name = base + "-" + n;
            }
            out.put(name, new InSnapshot(name, r, null, ""));
        }
        if (!sorted.isEmpty()) {
            Snapshots.Ref last = sorted.getLast();
            out.put("latest", new InSnapshot("latest", last, null, ""));
        }
        return out;
    }
}
