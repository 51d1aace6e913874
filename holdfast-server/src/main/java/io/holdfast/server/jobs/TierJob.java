package io.holdfast.server.jobs;

import io.holdfast.client.ForgetResult;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.Copier;
import io.holdfast.engine.CopyOptions;
import io.holdfast.engine.CopyResult;
import io.holdfast.engine.ForgetOptions;
import io.holdfast.engine.ForgetPolicy;
import io.holdfast.engine.SnapshotFilter;
import io.holdfast.engine.SnapshotGroups;
import io.holdfast.engine.Snapshots;
import io.holdfast.engine.TreeWalker;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.catalog.Targets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tiering: the asset's snapshots older than {@code olderThanDays} move from the policy's target to a cheaper one:
 * copied ({@code copy}: only missing data moves), verified in the destination (every tree and data blob of each copied
 * snapshot read back, decrypted and hashed), and only then forgotten in the source (a prune stage frees the space).
 * A snapshot whose verification fails stays in the source.
 */
final class TierJob implements JobExecutor {
    /** The job's spec. */
    record Spec(String assetId, String fromId, String toId, int olderThanDays) {}

    @Override
    public Outcome run(JobContext ctx) throws Exception {
        Spec spec = Json.MAPPER.treeToValue(ctx.job().spec(), Spec.class);
        var server = ctx.server();
        Targets.Access from = ctx.target(spec.fromId());
        Targets.Access to = ctx.target(spec.toId());
        Instant cutoff = server.clock.instant().minus(Duration.ofDays(spec.olderThanDays()));
        SnapshotFilter asset =
                new SnapshotFilter(List.of(), List.of(List.of(Repos.ASSET_TAG + spec.assetId())), List.of());
        Map<String, Object> result = new LinkedHashMap<>();
        try (Holdfast src = Repos.open(from);
                Holdfast dst = Repos.open(to)) {
            List<String> old = new ArrayList<>();
            for (Snapshots.Ref r : src.snapshots(List.of(), asset)) {
                if (r.snapshot().time().toInstant().isBefore(cutoff)) {
                    old.add(r.id().hex());
                }
            }
            result.put("candidates", old.size());
            if (old.isEmpty()) {
                ctx.log("tier: no copy of asset " + spec.assetId() + " in " + from.name() + " is older than "
                        + spec.olderThanDays() + " days");
                return Outcome.succeeded(result);
            }
            ctx.log("tier: moving " + old.size() + " snapshots from " + from.name() + " to " + to.name());
            CopyResult copied =
                    dst.copyFrom(src, new CopyOptions(old, SnapshotFilter.ALL, false), Copier.Listener.NONE);
            Map<Id, Id> destination = new LinkedHashMap<>();
            copied.copied().forEach(c -> destination.put(c.source(), c.copy()));
            copied.skipped().forEach(c -> destination.put(c.source(), c.existing()));
            List<String> verified = new ArrayList<>();
            dst.repository().loadIndex();
            for (Map.Entry<Id, Id> e : destination.entrySet()) {
                ctx.checkCancelled();
                long blobs = verify(dst, dst.snapshot(e.getValue().hex()));
                ctx.log("tier: snapshot " + e.getKey().shortHex() + " is "
                        + e.getValue().shortHex() + " in " + to.name() + ", " + blobs + " blobs read back");
                verified.add(e.getKey().hex());
            }
            ForgetResult f = src.forget(
                    new ForgetOptions(
                            ForgetPolicy.EMPTY, SnapshotFilter.ALL, SnapshotGroups.GroupBy.DEFAULT, verified, false),
                    false);
            result.put("moved", verified.size());
            result.put("forgottenInSource", f.removed().size());
            result.put("bytesAdded", copied.bytesAdded());
        }
        Repos.sync(server, from);
        Repos.sync(server, to);
        return Outcome.succeeded(result);
    }

    /** Reads back every tree and data blob of a snapshot (each is decrypted and its hash checked); returns the count. */
    static long verify(Holdfast hf, Snapshots.Ref ref) throws java.io.IOException {
        var repo = hf.repository();
        TreeWalker walker = new TreeWalker(repo);
        Set<Id> seen = new HashSet<>();
        long[] n = {0};
        walker.walk(ref.snapshot().tree(), "/", (path, node) -> {
            List<Id> content = node.content();
            if (content != null) {
                for (Id id : content) {
                    if (seen.add(id)) {
                        repo.loadBlob(BlobType.DATA, id);
                        n[0]++;
                    }
                }
            }
            return true;
        });
        return n[0] + 1;
    }
}
