package io.holdfast.server.alerting;

import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.Jobs;
import io.holdfast.server.catalog.Specs;
import io.holdfast.server.catalog.Targets;
import io.holdfast.server.policy.AssetSpec;
import io.holdfast.server.policy.PolicySpec;
import io.holdfast.server.policy.StageSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Whether each asset of each policy is protected as the policy says (docs/server.md, "Compliance"): the newest good
 * copy in the policy's target is younger than the RPO objective (the first backup stage's interval) plus a grace of a
 * tenth of it (at least a minute); the asset has copies in as many targets as the policy names (its target and each
 * replicate stage's); the last backup, verify and drill did not fail; where the policy has a lock stage, its last run
 * succeeded (the target has Object Lock and every needed file is locked far enough ahead).
 */
public final class Compliance {
    /** The last run of one kind of stage. */
    public record LastRun(
            String jobId,
            String state,
            long finishedAt,
            @Nullable Double rtoSeconds) {}

    /** One asset under one policy. */
    public record AssetCompliance(
            String policyId,
            String policy,
            String assetId,
            String asset,
            String status,
            List<String> reasons,
            long rpoObjectiveSeconds,
            @Nullable Long lastGoodCopyAt,
            long ageSeconds,
            boolean rpoMet,
            Map<String, Long> copiesByTarget,
            int locationsRequired,
            @Nullable LastRun lastBackup,
            @Nullable LastRun lastVerify,
            @Nullable LastRun lastDrill,
            boolean lockRequired,
            @Nullable LastRun lastLock) {}

    private Compliance() {}

    public static Duration grace(Duration objective) {
        Duration tenth = objective.dividedBy(10);
        return tenth.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : tenth;
    }

    public static List<AssetCompliance> evaluate(ServerContext server) {
        Instant now = server.clock.instant();
        List<AssetCompliance> out = new ArrayList<>();
        Map<String, String> targetNames = new LinkedHashMap<>();
        for (Targets.Target t : server.targets.list()) {
            targetNames.put(t.id(), t.name());
        }
        for (Specs.Stored<PolicySpec> p : server.policies.list()) {
            PolicySpec spec = p.spec();
            Optional<Targets.Target> target = server.targets.get(spec.target());
            Optional<StageSpec> backup = spec.stages().stream()
                    .filter(s -> s.type().equals("backup"))
                    .findFirst();
            int required = 1
                    + (int) spec.stages().stream()
                            .filter(s -> s.type().equals("replicate"))
                            .count();
            boolean paused = Boolean.parseBoolean(p.extra());
            for (String assetName : spec.assets()) {
                Optional<Specs.Stored<AssetSpec>> asset = server.assets.get(assetName);
                if (asset.isEmpty() || target.isEmpty()) {
                    continue;
                }
                String assetId = asset.get().id();
                List<String> reasons = new ArrayList<>();
                Duration objective = backup.map(s -> s.schedule("stage").objective(now, server.zone))
                        .orElse(Duration.ZERO);
                OptionalLong newest = server.copies.newest(target.get().id(), assetId);
                long since = newest.isPresent()
                        ? newest.getAsLong()
                        : Math.max(p.createdAt(), asset.get().createdAt());
                long age = Math.max(0, now.toEpochMilli() - since) / 1000;
                boolean rpoMet = backup.isEmpty()
                        || age <= objective.plus(grace(objective)).toSeconds();
                if (!rpoMet) {
                    reasons.add(
                            newest.isPresent()
                                    ? "newest copy is " + age + " s old, RPO objective " + objective.toSeconds() + " s"
                                    : "no copy yet, " + age + " s after the policy began (RPO objective "
                                            + objective.toSeconds() + " s)");
                }
                Map<String, Long> byTarget = new LinkedHashMap<>();
                server.copies
                        .locations(assetId)
                        .forEach((tid, n) -> byTarget.put(targetNames.getOrDefault(tid, tid), n));
                if (byTarget.size() < required && newest.isPresent()) {
                    reasons.add("copies in " + byTarget.size() + " of " + required + " locations");
                }
                LastRun lastBackup = last(server, p.id(), "backup", assetId);
                LastRun lastVerify = last(server, p.id(), "verify", null);
                LastRun lastDrill = last(server, p.id(), "drill", assetId);
                boolean lockRequired =
                        spec.stages().stream().anyMatch(s -> s.type().equals("lock"));
                LastRun lastLock = lockRequired ? last(server, p.id(), "lock", null) : null;
                if (lockRequired && (lastLock == null || !lastLock.state().equals("succeeded"))) {
                    reasons.add(lastLock == null ? "the lock stage has not run yet" : "the last lock run failed");
                }
                boolean failing = false;
                for (LastRun r : new LastRun[] {lastBackup, lastVerify, lastDrill, lastLock}) {
                    if (r != null && r.state().equals("failed")) {
                        failing = true;
                    }
                }
                if (lastBackup != null && lastBackup.state().equals("failed")) {
                    reasons.add("last backup failed");
                }
                if (lastVerify != null && lastVerify.state().equals("failed")) {
                    reasons.add("last verify failed");
                }
                if (lastDrill != null && lastDrill.state().equals("failed")) {
                    reasons.add("last restore drill failed");
                }
                String status = paused ? "paused" : failing ? "failing" : reasons.isEmpty() ? "protected" : "at-risk";
                out.add(new AssetCompliance(
                        p.id(),
                        p.name(),
                        assetId,
                        asset.get().name(),
                        status,
                        reasons,
                        objective.toSeconds(),
                        newest.isPresent() ? newest.getAsLong() : null,
                        age,
                        rpoMet,
                        byTarget,
                        required,
                        lastBackup,
                        lastVerify,
                        lastDrill,
                        lockRequired,
                        lastLock));
            }
        }
        return out;
    }

    private static @Nullable LastRun last(
            ServerContext server, String policyId, String kind, @Nullable String assetId) {
        Optional<Jobs.Job> j = server.jobs.lastFinished(policyId, kind, assetId);
        if (j.isEmpty()) {
            return null;
        }
        Jobs.Job job = j.get();
        Double rto = job.result() != null && job.result().has("rtoSeconds")
                ? job.result().get("rtoSeconds").asDouble()
                : null;
        return new LastRun(job.id(), job.state(), job.finishedAt() == null ? 0 : job.finishedAt(), rto);
    }
}
