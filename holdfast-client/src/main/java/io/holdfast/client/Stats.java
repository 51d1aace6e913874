package io.holdfast.client;

import io.holdfast.engine.Snapshots;
import io.holdfast.engine.TreeWalker;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.tree.NodeType;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Repository statistics, as restic's {@code stats}: {@link Mode#RESTORE_SIZE} counts what a restore of the snapshots
 * would write; {@link Mode#RAW_DATA} counts the unique blobs they reference as stored.
 *
 * @param mode the counting mode
 * @param snapshots snapshots counted
 * @param files files (restore-size) or 0
 * @param totalSize bytes a restore writes (restore-size), or bytes stored for the referenced blobs (raw-data)
 * @param blobs unique blobs referenced (raw-data)
 * @param uncompressedSize plaintext bytes of those blobs (raw-data)
 */
public record Stats(Mode mode, int snapshots, long files, long totalSize, long blobs, long uncompressedSize) {
    /** What to count. */
    public enum Mode {
        RESTORE_SIZE,
        RAW_DATA
    }

    /** The dedup and compression factor: plaintext referenced per byte stored (raw-data only). */
    public double ratio() {
        return totalSize == 0 ? 0 : (double) uncompressedSize / totalSize;
    }

    static Stats compute(Repository repo, List<Snapshots.Ref> snaps, Mode mode) throws IOException {
        TreeWalker walker = new TreeWalker(repo);
        long[] files = {0};
        long[] size = {0};
        Set<Id> blobs = new HashSet<>();
        Set<Id> trees = new HashSet<>();
        for (Snapshots.Ref s : snaps) {
            trees.add(s.snapshot().tree());
            walker.walk(s.snapshot().tree(), "/", (path, n) -> {
                if (n.type() == NodeType.FILE) {
                    files[0]++;
                    size[0] += n.size();
                    if (n.content() != null) {
                        blobs.addAll(n.content());
                    }
                } else if (n.type() == NodeType.DIR && n.subtree() != null) {
                    return trees.add(n.subtree()) || mode == Mode.RESTORE_SIZE;
                }
                return true;
            });
        }
        if (mode == Mode.RESTORE_SIZE) {
            return new Stats(mode, snaps.size(), files[0], size[0], 0, 0);
        }
        long stored = 0;
        long plain = 0;
        for (Id id : blobs) {
            BlobLocation loc = repo.index().lookup(BlobType.DATA, id);
            if (loc != null) {
                stored += loc.length();
                plain += loc.plaintextLength();
            }
        }
        for (Id id : trees) {
            BlobLocation loc = repo.index().lookup(BlobType.TREE, id);
            if (loc != null) {
                stored += loc.length();
                plain += loc.plaintextLength();
            }
        }
        return new Stats(mode, snaps.size(), 0, stored, blobs.size() + trees.size(), plain);
    }
}
