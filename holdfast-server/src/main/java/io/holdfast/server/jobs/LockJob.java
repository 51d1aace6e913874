package io.holdfast.server.jobs;

import io.holdfast.client.Holdfast;
import io.holdfast.client.Immutability;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.catalog.Targets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lock stage: keeps the Object Lock of everything live snapshots need at least the repository's lock period
 * ahead ({@code holdfast lock extend}, docs/design.md §2.2). A target without Object Lock fails the job, so compliance
 * shows that the policy's lock requirement is not met.
 */
final class LockJob implements JobExecutor {
    @Override
    public Outcome run(JobContext ctx) throws Exception {
        MaintenanceJobs.Spec spec = Json.MAPPER.treeToValue(ctx.job().spec(), MaintenanceJobs.Spec.class);
        Targets.Access t = MaintenanceJobs.target(ctx, spec);
        try (Holdfast hf = Repos.open(t)) {
            Immutability im = hf.immutability();
            if (!im.lockConfigured()) {
                throw new PermanentJobException("target " + t.name() + " has no Object Lock: create it with"
                        + " init --object-lock on a bucket with Object Lock");
            }
            Immutability.ExtendPlan plan = im.planExtend(MaintenanceProgress.NONE);
            int n = im.extend(plan, MaintenanceProgress.NONE);
            ctx.log("lock: " + n + " files of " + t.name() + " re-locked");
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("relocked", n);
            result.put("mode", plan.mode());
            result.put("days", plan.days());
            result.put("generationDays", Immutability.generationDays(plan.mode(), plan.days()));
            return Outcome.succeeded(result);
        }
    }
}
