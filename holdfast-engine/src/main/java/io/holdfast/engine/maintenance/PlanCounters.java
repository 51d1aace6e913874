package io.holdfast.engine.maintenance;

/** Mutable counters, frozen into {@link PruneStats}. */
final class PlanCounters {
    long usedBlobs;
    long usedBytes;
    long duplicateBlobs;
    long duplicateBytes;
    long unusedBlobs;
    long unusedBytes;
    long unreferencedBytes;
    long repackBlobs;
    long repackBytes;
    long repackRemovedBlobs;
    long repackRemovedBytes;
    long removeBlobs;
    long removeBytes;
    int packsUsed;
    int packsPartlyUsed;
    int packsUnused;
    int packsUnreferenced;
    int packsForgotten;

    PruneStats freeze(Iterable<PackInfo> packs) {
        int keep = 0;
        int repack = 0;
        int remove = 0;
        for (PackInfo p : packs) {
            switch (p.action()) {
                case KEEP -> keep++;
                case REPACK -> repack++;
                case DELETE -> remove++;
                default -> {}
            }
        }
        return new PruneStats(
                usedBlobs,
                usedBytes,
                duplicateBlobs,
                duplicateBytes,
                unusedBlobs,
                unusedBytes,
                unreferencedBytes,
                repackBlobs,
                repackBytes,
                repackRemovedBlobs,
                repackRemovedBytes,
                removeBlobs,
                removeBytes,
                packsUsed,
                packsPartlyUsed,
                packsUnused,
                packsUnreferenced,
                keep,
                repack,
                remove,
                packsForgotten);
    }
}
