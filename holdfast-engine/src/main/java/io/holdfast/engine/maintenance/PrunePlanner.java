package io.holdfast.engine.maintenance;

import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.repository.PackFiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides what prune does, from the index, the stored packs and the blobs snapshots use; pure, no I/O. The rules are
 * restic's ({@code cmd_prune.go}): packs with no used blob are deleted; packs with unused blobs, packs holding tree
 * blobs or both kinds, uncompressed tree packs in a v2 repository and (when there are at least ten) small packs are
 * candidates for repacking; tree and mixed packs are always repacked, data packs most wasteful first until the unused
 * space left is within {@code --max-unused}, all within {@code --max-repack-size}. Of a blob stored twice, one copy is
 * used, preferably in a pack that has other used blobs. Pack files no index names are deleted.
 */
public final class PrunePlanner {
    /** restic repacks small packs only when there are at least this many of them. */
    static final int MIN_SMALL_PACKS = 10;

    private PrunePlanner() {}

    /**
     * What the planner works on.
     *
     * @param index every pack the index files name, with all its entries (duplicates included)
     * @param stored every pack file in storage, with its size
     * @param used the blobs snapshots need: every tree reachable from a snapshot and every data blob of their files
     * @param packSize the target pack size in bytes
     * @param repositoryVersion the repository format version
     */
    public record Input(
            Map<Id, List<PackedBlob>> index,
            Map<Id, Long> stored,
            Set<BlobRef> used,
            int packSize,
            int repositoryVersion) {}

    /**
     * Plans a prune.
     *
     * @throws RepairNeededException if a used blob is in no index, a pack with used blobs is missing from storage, or
     *     its size differs from what its index entries imply
     */
    public static PrunePlan plan(Input in, PruneOptions opts) throws RepairNeededException {
        Map<Id, List<PackedBlob>> present = new TreeMap<>();
        Map<Id, List<PackedBlob>> missing = new TreeMap<>();
        in.index().forEach((id, blobs) -> (in.stored().containsKey(id) ? present : missing).put(id, blobs));
        PlanCounters s = new PlanCounters();
        Set<BlobRef> found = new HashSet<>();
        Map<BlobRef, Integer> copies = new HashMap<>();
        for (List<PackedBlob> blobs : present.values()) {
            for (PackedBlob b : blobs) {
                BlobRef ref = BlobRef.of(b);
                if (!in.used().contains(ref)) {
                    s.unusedBlobs++;
                    s.unusedBytes += b.length();
                } else if (found.add(ref)) {
                    s.usedBlobs++;
                    s.usedBytes += b.length();
                } else {
                    copies.merge(ref, 2, (old, one) -> old + 1);
                    s.duplicateBlobs++;
                    s.duplicateBytes += b.length();
                }
            }
        }
        Map<Id, PackTally> tallies = new TreeMap<>();
        Set<BlobRef> onlyInMissingPacks = new HashSet<>();
        for (Map.Entry<Id, List<PackedBlob>> e : missing.entrySet()) {
            PackTally t = new PackTally(e.getKey(), PackFiles.headerSize(e.getValue()));
            for (PackedBlob b : e.getValue()) {
                t.see(b);
                BlobRef ref = BlobRef.of(b);
                if (in.used().contains(ref) && !found.contains(ref)) {
                    t.used(b);
                    onlyInMissingPacks.add(ref);
                } else {
                    t.unused(b); // unused, or a copy of a blob a stored pack holds
                    s.removeBlobs++;
                    s.removeBytes += b.length();
                    if (in.used().contains(ref)) {
                        s.duplicateBlobs++;
                        s.duplicateBytes += b.length();
                    } else {
                        s.unusedBlobs++;
                        s.unusedBytes += b.length();
                    }
                }
            }
            tallies.put(e.getKey(), t);
        }
        if (found.size() + onlyInMissingPacks.size() != in.used().size()) {
            List<BlobRef> notIndexed = new ArrayList<>();
            for (BlobRef r : in.used()) {
                if (!found.contains(r) && !onlyInMissingPacks.contains(r)) {
                    notIndexed.add(r);
                }
            }
            throw new RepairNeededException(notIndexed.size() + " blobs that snapshots use are in no index (e.g. "
                    + notIndexed.get(0) + "); prune stopped to prevent data loss. Run 'holdfast repair index' and "
                    + "'holdfast check'; if blobs are still missing, 'holdfast repair snapshots --forget'");
        }
        if (!onlyInMissingPacks.isEmpty()) {
            List<Id> needed = tallies.values().stream()
                    .filter(t -> t.usedBlobs > 0)
                    .map(t -> t.id)
                    .toList();
            throw new RepairNeededException("the index names " + needed.size() + " pack files holding blobs that "
                    + "snapshots use but that are missing from storage (e.g. "
                    + needed.get(0).hex() + ", "
                    + onlyInMissingPacks.size() + " blobs lost); prune stopped to prevent data loss. Run 'holdfast "
                    + "repair index', then 'holdfast repair snapshots --forget'");
        }

        for (Map.Entry<Id, List<PackedBlob>> e : present.entrySet()) {
            PackTally t = new PackTally(e.getKey(), PackFiles.headerSize(e.getValue()));
            for (PackedBlob b : e.getValue()) {
                t.see(b);
                BlobRef ref = BlobRef.of(b);
                if (copies.containsKey(ref)) {
                    continue; // decided below
                }
                if (found.contains(ref)) {
                    t.used(b);
                } else {
                    t.unused(b);
                }
            }
            tallies.put(e.getKey(), t);
        }
        if (!copies.isEmpty()) {
            for (Map.Entry<Id, List<PackedBlob>> e : present.entrySet()) {
                PackTally t = java.util.Objects.requireNonNull(tallies.get(e.getKey()));
                for (PackedBlob b : e.getValue()) {
                    BlobRef ref = BlobRef.of(b);
                    Integer left = copies.get(ref);
                    if (left == null) {
                        continue;
                    }
                    if (left == 0) {
                        t.unused(b); // the used copy was chosen already
                    } else if (t.usedBlobs > 0 || left == 1) {
                        t.used(b); // a pack kept anyway, or the last copy
                        copies.put(ref, 0);
                    } else {
                        t.unused(b);
                        copies.put(ref, left - 1);
                    }
                }
            }
        }
        return decide(in, opts, tallies, found, s);
    }

    private static PrunePlan decide(
            Input in, PruneOptions opts, Map<Id, PackTally> tallies, Set<BlobRef> found, PlanCounters s)
            throws RepairNeededException {
        long smallPack = opts.repackSmall() ? in.packSize() / 5L * 4 : in.packSize() / 25L;
        Map<Id, PackInfo> decided = new TreeMap<>();
        List<PackTally> candidates = new ArrayList<>();
        List<PackTally> small = new ArrayList<>();
        for (Map.Entry<Id, Long> e : in.stored().entrySet()) {
            Id id = e.getKey();
            long size = e.getValue();
            PackTally t = tallies.get(id);
            if (t == null) {
                PackTally u = new PackTally(id, 0);
                u.usedBytes = 0;
                u.stored = size;
                decided.put(id, u.info(PackInfo.Action.DELETE_UNREFERENCED));
                s.unreferencedBytes += size;
                s.packsUnreferenced++;
                continue;
            }
            t.stored = size;
            if (t.total() != size && t.usedBlobs > 0) {
                throw new RepairNeededException("pack " + id.hex() + " has " + size + " bytes but its index entries "
                        + "imply " + t.total() + "; prune stopped. Run 'holdfast repair index'");
            }
            if (t.usedBlobs == 0) {
                s.packsUnused++;
            } else if (t.unusedBlobs == 0) {
                s.packsUsed++;
            } else {
                s.packsPartlyUsed++;
            }
            t.mustCompress = in.repositoryVersion() >= 2
                    && (t.kind == PackInfo.Kind.TREE || opts.repackUncompressed())
                    && t.uncompressed;
            if (t.usedBlobs == 0) {
                decided.put(id, t.info(PackInfo.Action.DELETE));
                s.removeBlobs += t.unusedBlobs;
                s.removeBytes += t.unusedBytes;
            } else if (opts.repackCacheableOnly() && t.kind == PackInfo.Kind.DATA) {
                decided.put(id, t.info(PackInfo.Action.KEEP));
            } else if (t.unusedBlobs == 0 && t.kind != PackInfo.Kind.MIXED && !t.mustCompress) {
                if (size >= smallPack) {
                    decided.put(id, t.info(PackInfo.Action.KEEP));
                } else {
                    small.add(t);
                }
            } else {
                candidates.add(t);
            }
        }
        for (PackTally t : tallies.values()) {
            if (!in.stored().containsKey(t.id)) {
                decided.put(t.id, t.info(PackInfo.Action.FORGET_MISSING)); // plan() checked nothing in it is needed
                s.packsForgotten++;
            }
        }
        if (small.size() < MIN_SMALL_PACKS) {
            small.forEach(t -> decided.put(t.id, t.info(PackInfo.Action.KEEP)));
        } else {
            candidates.addAll(small);
        }
        candidates.sort(wastefulFirst(smallPack));
        long maxUnusedAfter = opts.maxUnused().limit(s.usedBytes);
        for (PackTally t : candidates) {
            long unusedLeft = s.unusedBytes + s.duplicateBytes - s.removeBytes - s.repackRemovedBytes;
            boolean repackLimitReached = s.repackBytes + t.total() >= opts.maxRepackBytes();
            boolean repack;
            if (repackLimitReached) {
                repack = false;
            } else if (t.kind != PackInfo.Kind.DATA || t.mustCompress) {
                repack = true; // trees, mixed and uncompressed packs: limited by --max-repack-size only
            } else {
                repack = !(unusedLeft < maxUnusedAfter && t.total() >= smallPack);
            }
            if (repack) {
                decided.put(t.id, t.info(PackInfo.Action.REPACK));
                s.repackBlobs += t.usedBlobs + t.unusedBlobs;
                s.repackBytes += t.total();
                s.repackRemovedBlobs += t.unusedBlobs;
                s.repackRemovedBytes += t.unusedBytes;
            } else {
                decided.put(t.id, t.info(PackInfo.Action.KEEP));
            }
        }
        Set<BlobRef> keep = new HashSet<>(found);
        if (decided.values().stream().anyMatch(p -> p.action() == PackInfo.Action.REPACK)) {
            for (Map.Entry<Id, List<PackedBlob>> e : in.index().entrySet()) {
                PackInfo p = decided.get(e.getKey());
                if (p != null && p.action() == PackInfo.Action.KEEP) {
                    e.getValue().forEach(b -> keep.remove(BlobRef.of(b)));
                }
            }
        } else {
            keep.clear();
        }
        return new PrunePlan(List.copyOf(decided.values()), s.freeze(decided.values()), keep);
    }

    /** Tree and mixed packs first, then small packs, then by the share of unused bytes, largest first. */
    private static Comparator<PackTally> wastefulFirst(long smallPack) {
        return (a, b) -> {
            boolean aData = a.kind == PackInfo.Kind.DATA;
            boolean bData = b.kind == PackInfo.Kind.DATA;
            if (aData != bData) {
                return aData ? 1 : -1;
            }
            boolean aSmall = a.total() < smallPack;
            boolean bSmall = b.total() < smallPack;
            if (aSmall != bSmall) {
                return aSmall ? -1 : 1;
            }
            // a.unused / a.used > b.unused / b.used, without division; both products fit a long
            int c = Long.compare(b.unusedBytes * a.usedBytes, a.unusedBytes * b.usedBytes);
            return c != 0 ? c : a.id.compareTo(b.id);
        };
    }
}
