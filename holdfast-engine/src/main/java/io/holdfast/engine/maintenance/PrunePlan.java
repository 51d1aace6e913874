package io.holdfast.engine.maintenance;

import io.holdfast.format.Id;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What prune will do: an action for every pack (stored or indexed), the numbers, and the used blobs that repacking
 * must copy out of the packs it rewrites.
 *
 * @param packs every pack with its action, in id order
 * @param stats the numbers
 * @param keepBlobs used blobs found only in packs to repack (or delete): each must be copied before those go
 */
public record PrunePlan(List<PackInfo> packs, PruneStats stats, Set<BlobRef> keepBlobs) {
    public PrunePlan {
        packs = List.copyOf(packs);
        keepBlobs = Set.copyOf(keepBlobs);
    }

    /** The packs with this action, in id order. */
    public Set<Id> ids(PackInfo.Action action) {
        Set<Id> out = new LinkedHashSet<>();
        for (PackInfo p : packs) {
            if (p.action() == action) {
                out.add(p.id());
            }
        }
        return out;
    }

    /** The packs with this action. */
    public List<PackInfo> packs(PackInfo.Action action) {
        return packs.stream().filter(p -> p.action() == action).toList();
    }

    /** Whether the plan changes nothing. */
    public boolean nothingToDo() {
        return packs.stream().allMatch(p -> p.action() == PackInfo.Action.KEEP);
    }

    /** Whether the index files must be rewritten (packs repacked, deleted or forgotten). */
    public boolean rewritesIndex() {
        return packs.stream()
                .anyMatch(p -> p.action() != PackInfo.Action.KEEP && p.action() != PackInfo.Action.DELETE_UNREFERENCED);
    }

    /** Total size of the pack files prune deletes (repacked, unused and unreferenced). */
    public long deletedPackBytes() {
        long n = 0;
        for (PackInfo p : packs) {
            if (p.storedSize() > 0 && p.action() != PackInfo.Action.KEEP) {
                n += p.storedSize();
            }
        }
        return n;
    }
}
