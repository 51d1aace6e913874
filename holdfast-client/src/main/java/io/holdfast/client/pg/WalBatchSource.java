package io.holdfast.client.pg;

import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupSource;
import io.holdfast.engine.SourceContext;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The next version of a cluster's WAL archive: the previous archive's tree ({@code /pg-wal/SYSTEM/TTTTTTTTLLLLLLLL/
 * SEGMENT}, timeline histories beside the directories) plus the files just received, less the segments no base backup
 * needs. Directories that did not change keep their tree ids, so a batch stores only its new segments and one or two
 * small trees. The segment being written is kept as {@code SEGMENT.partial} until its complete version arrives.
 */
final class WalBatchSource implements BackupSource {
    static final String ROOT = "pg-wal";

    private final String systemId;
    private final @Nullable Id previousRoot;
    private final List<Path> received;
    private final long keepFrom;
    private final long segmentSize;
    private final List<String> tags;

    /**
     * @param received complete segments, history files and at most one {@code .partial} segment, from the spool
     * @param keepFrom the first segment number any base backup needs; segments before it are left out ({@code -1}
     *     keeps everything)
     */
    WalBatchSource(
            String systemId,
            @Nullable Id previousRoot,
            List<Path> received,
            long keepFrom,
            long segmentSize,
            List<String> tags) {
        this.systemId = systemId;
        this.previousRoot = previousRoot;
        this.received = List.copyOf(received);
        this.keepFrom = keepFrom;
        this.segmentSize = segmentSize;
        this.tags = List.copyOf(tags);
    }

    @Override
    public List<String> paths() {
        return List.of("/" + ROOT + "/" + systemId);
    }

    @Override
    public boolean incremental() {
        return false; // the previous archive is found by system id, whatever the host
    }

    @Override
    public List<String> tags() {
        return tags;
    }

    @Override
    public Tree build(SourceContext ctx, @Nullable Tree ignored) throws IOException {
        OffsetDateTime now = OffsetDateTime.now(ctx.clock());
        Tree previous = previousRoot == null ? null : ctx.loadTree(previousRoot);
        if (previousRoot != null && previous == null) {
            throw new IOException("cannot read the previous WAL archive's tree "
                    + previousRoot.hex().substring(0, 8) + "; nothing was changed (run holdfast check)");
        }
        Tree oldSystem = child(ctx, child(ctx, previous, ROOT), systemId);
        Map<String, Node> system = new TreeMap<>();
        if (oldSystem != null) {
            for (Node n : oldSystem.nodes()) {
                system.put(n.name(), n);
            }
        }
        Map<String, Map<String, Node>> changed = new TreeMap<>();
        for (Path p : received) {
            String name = p.getFileName().toString();
            Node node = store(ctx, p, name, now);
            if (WalNames.isHistory(name)) {
                system.put(name, node);
                continue;
            }
            String d = WalNames.directory(name);
            Map<String, Node> segs = changed.get(d);
            if (segs == null) {
                segs = contents(ctx, system.get(d));
                changed.put(d, segs);
            }
            segs.put(name, node);
        }
        long perDir = 0x1_0000_0000L / segmentSize;
        for (String d : List.copyOf(system.keySet())) {
            Node n = system.get(d);
            if (n == null || n.type() != NodeType.DIR || changed.containsKey(d) || keepFrom < 0) {
                continue;
            }
            long first = Long.parseLong(d.substring(8, 16), 16) * perDir;
            if (first + perDir <= keepFrom) {
                system.remove(d); // every segment in it is older than any base backup needs
            } else if (first < keepFrom) {
                changed.put(d, contents(ctx, n)); // some are: look inside
            }
        }
        for (Map.Entry<String, Map<String, Node>> e : changed.entrySet()) {
            Map<String, Node> segs = e.getValue();
            List<Node> kept = new ArrayList<>();
            for (Node n : segs.values()) {
                String name = n.name();
                boolean partial = name.endsWith(".partial");
                String segment = partial ? name.substring(0, 24) : name;
                boolean superseded = partial && segs.containsKey(segment);
                boolean olderPartial = partial
                        && segs.keySet().stream().anyMatch(k -> k.endsWith(".partial") && k.compareTo(name) > 0);
                boolean unneeded = keepFrom >= 0
                        && WalNames.isSegment(segment)
                        && WalNames.number(segment, segmentSize) < keepFrom;
                if (!superseded && !olderPartial && !unneeded) {
                    kept.add(n);
                }
            }
            if (kept.isEmpty()) {
                system.remove(e.getKey());
            } else {
                system.put(e.getKey(), dir(ctx, e.getKey(), kept, now, system.get(e.getKey())));
            }
        }
        Node systemNode = dir(ctx, systemId, system.values(), now, null);
        Node root = dir(ctx, ROOT, List.of(systemNode), now, null);
        return Tree.of(List.of(root));
    }

    /** The nodes of an archive directory, by name; empty for none. */
    private static Map<String, Node> contents(SourceContext ctx, @Nullable Node dir) throws IOException {
        Map<String, Node> out = new TreeMap<>();
        if (dir != null) {
            Tree t = ctx.loadTree(dir.subtree());
            if (t == null) {
                throw new IOException(
                        "cannot read the WAL archive's directory " + dir.name() + "; nothing was changed");
            }
            t.nodes().forEach(n -> out.put(n.name(), n));
        }
        return out;
    }

    private static @Nullable Tree child(SourceContext ctx, @Nullable Tree parent, String name) throws IOException {
        Node n = parent == null ? null : parent.find(name);
        if (n == null || n.type() != NodeType.DIR) {
            return null;
        }
        Tree t = ctx.loadTree(n.subtree());
        if (t == null) {
            throw new IOException("cannot read the WAL archive's directory " + name + "; nothing was changed");
        }
        return t;
    }

    private static Node store(SourceContext ctx, Path p, String name, OffsetDateTime now) throws IOException {
        SourceContext.Content c;
        try (InputStream in = Files.newInputStream(p)) {
            c = ctx.store(in);
        }
        ctx.counted(p.toString(), BackupProgress.FileStatus.NEW, c.size());
        return ctx.fileNode(name, c, 0600, now);
    }

    private static Node dir(
            SourceContext ctx, String name, java.util.Collection<Node> nodes, OffsetDateTime now, @Nullable Node old)
            throws IOException {
        Id id = ctx.saveTree(Tree.of(nodes));
        ctx.dirCounted(old, id);
        return Node.builder()
                .name(name)
                .type(NodeType.DIR)
                .mode(0700)
                .mtime(now)
                .atime(now)
                .ctime(now)
                .subtree(id)
                .build();
    }
}
