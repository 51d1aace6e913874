package io.holdfast.engine.maintenance;

/**
 * What prune does, as restic's options.
 *
 * @param dryRun plan and report only; change nothing
 * @param maxUnused unused space tolerated after pruning ({@code --max-unused})
 * @param maxRepackBytes stop repacking before this many bytes of packs were chosen ({@code --max-repack-size});
 *     {@link Long#MAX_VALUE} for no limit
 * @param repackSmall treat packs below 80% of the target pack size as small (default: below 4%)
 * @param repackUncompressed also repack packs holding uncompressed data blobs (format v2)
 * @param repackCacheableOnly never repack data packs
 */
public record PruneOptions(
        boolean dryRun,
        MaxUnused maxUnused,
        long maxRepackBytes,
        boolean repackSmall,
        boolean repackUncompressed,
        boolean repackCacheableOnly) {
    /** restic's defaults: 5% unused tolerated, no repack limit. */
    public static final PruneOptions DEFAULTS =
            new PruneOptions(false, MaxUnused.DEFAULT, Long.MAX_VALUE, false, false, false);

    public PruneOptions {
        if (maxRepackBytes < 0) {
            throw new IllegalArgumentException("--max-repack-size cannot be negative");
        }
    }

    public PruneOptions withDryRun(boolean d) {
        return new PruneOptions(d, maxUnused, maxRepackBytes, repackSmall, repackUncompressed, repackCacheableOnly);
    }

    public PruneOptions withMaxUnused(MaxUnused m) {
        return new PruneOptions(dryRun, m, maxRepackBytes, repackSmall, repackUncompressed, repackCacheableOnly);
    }

    public PruneOptions withMaxRepackBytes(long b) {
        return new PruneOptions(dryRun, maxUnused, b, repackSmall, repackUncompressed, repackCacheableOnly);
    }

    public PruneOptions withRepackSmall(boolean r) {
        return new PruneOptions(dryRun, maxUnused, maxRepackBytes, r, repackUncompressed, repackCacheableOnly);
    }

    public PruneOptions withRepackUncompressed(boolean r) {
        return new PruneOptions(dryRun, maxUnused, maxRepackBytes, repackSmall, r, repackCacheableOnly);
    }

    public PruneOptions withRepackCacheableOnly(boolean r) {
        return new PruneOptions(dryRun, maxUnused, maxRepackBytes, repackSmall, repackUncompressed, r);
    }
}
