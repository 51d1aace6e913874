package io.holdfast.server.jobs;

import io.holdfast.client.ForgetResult;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.Copier;
import io.holdfast.engine.CopyOptions;
import io.holdfast.engine.CopyResult;
import io.holdfast.engine.ForgetOptions;
import io.holdfast.engine.SnapshotFilter;
import io.holdfast.engine.SnapshotGroups;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.catalog.Targets;
import io.holdfast.server.policy.RetentionSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Copies an asset's snapshots from the policy's target to another ({@code copy}: only missing data moves, snapshots
 * already copied are skipped), then applies the stage's retention on the destination. With {@code snapshot}, copies
 * that one snapshot (a restore to another target).
 */
final class ReplicateJob implements JobExecutor {
    /** The job's spec. */
    record Spec(
            @Nullable String assetId,
            String fromId,
            String toId,
            @Nullable RetentionSpec retention,
            @Nullable String snapshot) {}

    @Override
    public Outcome run(JobContext ctx) throws Exception {
        Spec spec = Json.MAPPER.treeToValue(ctx.job().spec(), Spec.class);
        var server = ctx.server();
        Targets.Access from = ctx.target(spec.fromId());
        Targets.Access to = ctx.target(spec.toId());
        String snapshot = spec.snapshot();
        SnapshotFilter f = snapshot != null || spec.assetId() == null
                ? SnapshotFilter.ALL
                : new SnapshotFilter(List.of(), List.of(List.of(Repos.ASSET_TAG + spec.assetId())), List.of());
        ctx.log((snapshot != null ? "copy snapshot " + snapshot : "replicate asset " + spec.assetId()) + " from "
                + from.name() + " to " + to.name());
        try (Holdfast src = Repos.open(from);
                Holdfast dst = Repos.open(to)) {
            CopyResult r = dst.copyFrom(
                    src,
                    new CopyOptions(snapshot == null ? List.of() : List.of(snapshot), f, false),
                    new Copier.Listener() {
                        @Override
                        public void started(io.holdfast.engine.Snapshots.Ref source) {
                            ctx.checkCancelled();
                            ctx.log("copying snapshot " + source.id().shortHex());
                        }
                    });
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("copied", r.copied().size());
            result.put("skipped", r.skipped().size());
            result.put("bytesAdded", r.bytesAdded());
            if (snapshot == null
                    && spec.retention() != null
                    && !spec.retention().keepsEverything()) {
                ForgetResult fr = dst.forget(
                        new ForgetOptions(
                                spec.retention().toPolicy(), f, SnapshotGroups.GroupBy.DEFAULT, List.of(), false),
                        false);
                result.put("forgotten", fr.removed().size());
            }
            Repos.sync(server, to);
            ctx.log("replicated " + r.copied().size() + " snapshots ("
                    + r.skipped().size() + " already there)");
            return Outcome.succeeded(result);
        }
    }
}
