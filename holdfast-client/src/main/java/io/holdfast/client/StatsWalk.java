package io.holdfast.client;

import io.holdfast.engine.Snapshots;
import io.holdfast.engine.TreeWalker;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Counts {@link Stats} as restic's {@code cmd_stats.go} does, mode by mode, so that both tools print the same numbers
 * for the same repository. Not thread-safe; one use.
 */
final class StatsWalk {
    private final Repository repo;
    private final Stats.Mode mode;
    private final TreeWalker walker;
    private long files;
    private long size;
    private long blobCount;
    /** files-by-contents and blobs-per-file: the hashes of the content lists seen. */
    private final Set<Id> contents = new HashSet<>();
    /** blobs-per-file: per file path, the blobs counted. */
    private final Map<String, Set<Id>> fileBlobs = new HashMap<>();
    /** raw-data: the distinct blobs referenced, trees and data. */
    private final Set<Id> trees = new LinkedHashSet<>();

    private final Set<Id> data = new LinkedHashSet<>();

    StatsWalk(Repository repo, Stats.Mode mode) {
        this.repo = repo;
        this.mode = mode;
        this.walker = new TreeWalker(repo);
    }

    Stats count(List<Snapshots.Ref> snaps) throws IOException {
        for (Snapshots.Ref s : snaps) {
            Id root = s.snapshot().tree();
            if (mode == Stats.Mode.RAW_DATA) {
                if (trees.add(root)) {
                    walker.walk(root, "/", this::rawData);
                }
            } else {
                Map<Id, Boolean> hardLinks = new HashMap<>();
                walker.walk(root, "/", (path, n) -> visit(path, n, hardLinks));
            }
        }
        if (mode != Stats.Mode.RAW_DATA) {
            return new Stats(mode, snaps.size(), files, size, blobCount, 0, 0, 0);
        }
        return rawDataTotals(snaps.size());
    }

    private boolean rawData(String path, Node n) {
        if (n.type() == NodeType.FILE && n.content() != null) {
            data.addAll(Objects.requireNonNull(n.content()));
        }
        if (n.type() == NodeType.DIR && n.subtree() != null) {
            return trees.add(Objects.requireNonNull(n.subtree()));
        }
        return true;
    }

    private Stats rawDataTotals(int snapshots) throws IOException {
        boolean v2 = repo.config().version() >= 2;
        long stored = 0;
        long uncompressed = 0;
        long compressed = 0;
        long compressedPlain = 0;
        for (BlobType type : List.of(BlobType.TREE, BlobType.DATA)) {
            for (Id id : type == BlobType.TREE ? trees : data) {
                BlobLocation loc = repo.index().lookup(type, id);
                if (loc == null) {
                    throw notIndexed(type, id);
                }
                stored += loc.length();
                if (v2) {
                    // restic's UncompressedCiphertextLength: what the blob would take uncompressed
                    long plain = loc.uncompressedLength() != 0
                            ? loc.uncompressedLength() + io.holdfast.format.crypto.Crypto.OVERHEAD
                            : loc.length();
                    uncompressed += plain;
                    if (loc.uncompressedLength() != 0) {
                        compressed += loc.length();
                        compressedPlain += plain;
                    }
                }
            }
        }
        long blobs = trees.size() + data.size();
        return new Stats(Stats.Mode.RAW_DATA, snapshots, 0, stored, blobs, uncompressed, compressed, compressedPlain);
    }

    private boolean visit(String path, Node n, Map<Id, Boolean> hardLinks) throws IOException {
        if (mode == Stats.Mode.RESTORE_SIZE) {
            files++;
            if (n.links() == 1 || n.type() == NodeType.DIR) {
                size += n.size();
            } else if (hardLinks.putIfAbsent(inodeKey(n), Boolean.TRUE) == null || n.inode() == 0) {
                size += n.size(); // a hard-linked inode is restored once
            }
            return true;
        }
        List<Id> content = n.content() == null ? List.of() : Objects.requireNonNull(n.content());
        if (!contents.add(contentId(content))) {
            return true;
        }
        if (mode == Stats.Mode.FILES_BY_CONTENTS) {
            files++;
            size += n.size();
            return true;
        }
        for (Id blob : content) {
            Set<Id> seen = fileBlobs.get(path);
            if (seen == null) {
                seen = new HashSet<>();
                fileBlobs.put(path, seen);
                files++;
            }
            if (seen.add(blob)) {
                BlobLocation loc = repo.index().lookup(BlobType.DATA, blob);
                if (loc == null) {
                    throw notIndexed(BlobType.DATA, blob);
                }
                size += loc.plaintextLength();
                blobCount++;
            }
        }
        return true;
    }

    /** restic's {@code makeFileIDByContents}: the SHA-256 of the node's blob ids in order (of nothing for others). */
    private static Id contentId(List<Id> content) {
        MessageDigest sha = Id.newSha256();
        for (Id id : content) {
            sha.update(id.toBytes());
        }
        return Id.of(sha.digest());
    }

    /** A key for (device, inode): restic counts each hard-linked inode once per snapshot. */
    private static Id inodeKey(Node n) {
        return Id.ofWords(n.deviceId(), n.inode(), 0, 0);
    }

    private static IOException notIndexed(BlobType type, Id id) {
        return new IOException(type.jsonName() + " blob " + id.hex()
                + " that a snapshot references is in no index, so it cannot be counted; run 'holdfast check'");
    }
}
