package io.holdfast.client.pg;

import io.holdfast.client.Holdfast;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code holdfast pg wal-get}, PostgreSQL's {@code restore_command}: writes one WAL file from the cluster's newest
 * archive snapshot to the path the server names. Each call is a new process (JVM start, key derivation), so the next
 * segments of the same directory are fetched ahead into a spool directory, from which later calls are served without
 * opening the repository.
 */
final class WalFetcher {
    private final Holdfast h;

    WalFetcher(Holdfast h) {
        this.h = h;
    }

    /** Serves {@code name} from the spool if it was fetched ahead; true if it was. */
    static boolean fromSpool(String name, Path target, Path spool) throws IOException {
        Path p = spool.resolve(name);
        if (!Files.isRegularFile(p)) {
            return false;
        }
        Files.move(p, target, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /** Writes {@code name} to {@code target}; false if the archive does not have it. */
    boolean fetch(String systemId, String name, Path target, Path spool, int prefetch) throws IOException {
        List<Snapshots.Ref> all = h.snapshots();
        Snapshots.Ref ref = PgSnapshots.wal(all, systemId).orElse(null);
        if (ref == null) {
            return false;
        }
        Tree root = tree(ref.snapshot().tree());
        Tree system = child(child(root, WalBatchSource.ROOT), systemId);
        if (system == null) {
            return false;
        }
        if (WalNames.isHistory(name)) {
            Node n = system.find(name);
            if (n == null) {
                return false;
            }
            write(n, target);
            return true;
        }
        if (!WalNames.isSegment(name)) {
            return false;
        }
        Tree dir = child(system, WalNames.directory(name));
        if (dir == null) {
            return false;
        }
        Node n = dir.find(name);
        if (n == null) {
            n = dir.find(name + ".partial"); // the newest WAL there is: recovery ends inside it
        }
        if (n == null) {
            return false;
        }
        write(n, target);
        if (prefetch > 0 && !n.name().endsWith(".partial")) {
            Files.createDirectories(spool);
            clearOlder(spool, name);
            int fetched = 0;
            for (Node next : dir.nodes()) {
                if (fetched >= prefetch) {
                    break;
                }
                if (next.name().compareTo(name) > 0
                        && WalNames.isSegment(next.name())
                        && !Files.exists(spool.resolve(next.name()))) {
                    write(next, spool.resolve(next.name()));
                    fetched++;
                }
            }
        }
        return true;
    }

    /** Removes fetched-ahead segments recovery has passed (it asks in order; they would never be asked for). */
    private static void clearOlder(Path spool, String name) throws IOException {
        try (var s = Files.list(spool)) {
            for (Path p : s.toList()) {
                String f = p.getFileName().toString();
                if (WalNames.isSegment(f) && f.compareTo(name) < 0) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void write(Node n, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".holdfast-tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            for (Id id : Objects.requireNonNull(n.content(), n.name())) {
                out.write(h.repository().loadBlob(BlobType.DATA, id));
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Tree tree(Id id) throws IOException {
        return Tree.parse(id, h.repository().loadBlob(BlobType.TREE, id));
    }

    private @Nullable Tree child(@Nullable Tree parent, String name) throws IOException {
        Node n = parent == null ? null : parent.find(name);
        return n == null || n.type() != NodeType.DIR || n.subtree() == null
                ? null
                : tree(Objects.requireNonNull(n.subtree()));
    }
}
