package io.holdfast.server.jobs;

import io.holdfast.client.Holdfast;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.CheckResult;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.engine.maintenance.PruneOptions;
import io.holdfast.engine.maintenance.PruneResult;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.catalog.Targets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Jobs on a whole target: catalog sync, prune, verify. */
final class MaintenanceJobs {
    private MaintenanceJobs() {}

    /** The spec of a target-wide job; {@code subset} is verify's {@code n/m} or empty for all data. */
    record Spec(String targetId, String subset) {}

    static Targets.Access target(JobContext ctx, Spec spec) {
        return ctx.target(spec.targetId());
    }

    /** Re-reads a target's snapshots into the catalog. */
    static final class Sync implements JobExecutor {
        @Override
        public Outcome run(JobContext ctx) throws Exception {
            Targets.Access t = target(ctx, Json.MAPPER.treeToValue(ctx.job().spec(), Spec.class));
            int[] n = Repos.sync(ctx.server(), t);
            ctx.log("catalog of " + t.name() + ": " + n[0] + " copies added, " + n[1] + " removed");
            return Outcome.succeeded(Map.of("added", n[0], "removed", n[1]));
        }
    }

    /** Removes data no snapshot needs; alone on its target. */
    static final class Prune implements JobExecutor {
        @Override
        public boolean exclusive() {
            return true;
        }

        @Override
        public Outcome run(JobContext ctx) throws Exception {
            Targets.Access t = target(ctx, Json.MAPPER.treeToValue(ctx.job().spec(), Spec.class));
            try (Holdfast hf = Repos.open(t)) {
                PruneResult r = hf.prune(PruneOptions.DEFAULTS, MaintenanceProgress.NONE);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("packsDeleted", r.packsDeleted());
                result.put("packsWritten", r.packsWritten());
                result.put("bytesCopied", r.bytesCopied());
                ctx.log("prune of " + t.name() + ": " + r.packsDeleted() + " packs deleted, " + r.packsWritten()
                        + " written");
                return Outcome.succeeded(result);
            }
        }
    }

    /** {@code check}, reading the stage's share of the packs ({@code --read-data-subset n/m}). */
    static final class Verify implements JobExecutor {
        @Override
        public Outcome run(JobContext ctx) throws Exception {
            Spec spec = Json.MAPPER.treeToValue(ctx.job().spec(), Spec.class);
            Targets.Access t = target(ctx, spec);
            CheckOptions opts = spec.subset().isEmpty() ? CheckOptions.READ_DATA : CheckOptions.subset(spec.subset());
            ctx.log("check of " + t.name()
                    + (spec.subset().isEmpty() ? ", all data" : ", data subset " + spec.subset()));
            try (Holdfast hf = Repos.open(t)) {
                CheckResult r = hf.check(opts, Repos.progress(ctx, null));
                r.errors().forEach(e -> ctx.log("error: " + e));
                r.warnings().forEach(w -> ctx.log("warning: " + w));
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("ok", r.ok());
                result.put("subset", spec.subset());
                result.put("packsRead", r.packsRead());
                result.put("errors", r.errors());
                if (!r.ok()) {
                    throw new PermanentJobException("check of " + t.name() + " found "
                            + r.errors().size() + " errors: " + r.errors().getFirst());
                }
                return Outcome.succeeded(result);
            }
        }
    }
}
