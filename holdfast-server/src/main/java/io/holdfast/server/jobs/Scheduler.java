package io.holdfast.server.jobs;

import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.JobState;
import io.holdfast.server.catalog.Jobs;
import io.holdfast.server.catalog.Schedules;
import io.holdfast.server.catalog.Specs;
import io.holdfast.server.catalog.Targets;
import io.holdfast.server.policy.AssetSpec;
import io.holdfast.server.policy.PolicySpec;
import io.holdfast.server.policy.Schedule;
import io.holdfast.server.policy.StageSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Fires policy stages when they are due and queues their jobs.
 *
 * <p>Rules (docs/server.md): a stage's next run is claimed by a conditional update, so it fires once even with several
 * server instances; a run found overdue (the server was down) fires once, at once, and the schedule continues from the
 * present: at most one catch-up run, however many were missed; a run that finds the previous run of the same stage and
 * asset still queued or running is skipped (counted in {@code holdfast_runs_skipped_total}), so slow runs never pile
 * up. A replicate stage without a schedule runs after each successful backup of the asset.
 */
public final class Scheduler implements AutoCloseable {
    private final ServerContext server;
    private final Sleeper sleeper;
    private final Schedules schedules;
    private volatile boolean stopping;
    private @Nullable Thread loop;
    private long lastSync = Long.MIN_VALUE;

    public Scheduler(ServerContext server, Sleeper sleeper) {
        this.server = server;
        this.sleeper = sleeper;
        this.schedules = new Schedules(server.catalog);
    }

    public void start() {
        loop = Thread.ofPlatform().name("holdfast-scheduler").daemon(true).start(() -> {
            while (!stopping) {
                try {
                    tick();
                    sleeper.sleep(server.options.tick());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.err.println("holdfast server: scheduler: " + e);
                    try {
                        sleeper.sleep(server.options.tick());
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        });
    }

    /** One look at every policy: fires the stages that are due. */
    public void tick() {
        Instant now = server.clock.instant();
        for (Specs.Stored<PolicySpec> p : server.policies.list()) {
            if (Boolean.parseBoolean(p.extra())) {
                continue;
            }
            for (StageSpec s : p.spec().stages()) {
                if (!s.scheduled()) {
                    continue;
                }
                Schedule sch = s.schedule("stage");
                Duration jitter = sch.jitter(p.id() + "/" + s.stageName(), now, server.zone);
                Optional<Schedules.Row> row = schedules.get(p.id(), s.stageName());
                if (row.isEmpty()) {
                    schedules.create(
                            p.id(),
                            s.stageName(),
                            sch.next(now, server.zone, jitter).toEpochMilli());
                    continue;
                }
                long due = row.get().nextAt();
                if (due > now.toEpochMilli()) {
                    continue;
                }
                long next = sch.next(now, server.zone, jitter).toEpochMilli();
                if (schedules.claim(p.id(), s.stageName(), due, next, now.toEpochMilli())) {
                    fire(p, s, "system", Instant.ofEpochMilli(due));
                }
            }
        }
        if (now.toEpochMilli() - lastSync >= server.options.syncEvery().toMillis()) {
            lastSync = now.toEpochMilli();
            for (Targets.Target t : server.targets.list()) {
                if (server.jobs.list("queued", null, "sync", null, 1000).stream()
                        .noneMatch(j -> t.id().equals(j.targetId()))) {
                    queue("sync", null, null, null, t.id(), Map.of("targetId", t.id(), "subset", ""), "system");
                }
            }
        }
    }

    /** Queues the jobs of one stage run; returns them (skipped ones left out). */
    public List<Jobs.Job> fire(Specs.Stored<PolicySpec> p, StageSpec s, String requestedBy, Instant scheduledFor) {
        PolicySpec spec = p.spec();
        Targets.Target target = server.targets
                .get(spec.target())
                .orElseThrow(() -> new IllegalStateException(
                        "policy " + spec.name() + ": target " + spec.target() + " does not exist"));
        List<Jobs.Job> queued = new ArrayList<>();
        switch (s.type()) {
            case "backup", "drill", "replicate", "tier" -> {
                for (String a : spec.assets()) {
                    Optional<Specs.Stored<AssetSpec>> asset = server.assets.get(a);
                    if (asset.isEmpty()) {
                        continue;
                    }
                    String assetId = asset.get().id();
                    Object jobSpec = switch (s.type()) {
                        case "backup" -> new BackupJob.Spec(assetId, target.id(), s.retention());
                        case "drill" -> new DrillJob.Spec(assetId, target.id());
                        case "tier" ->
                            new TierJob.Spec(
                                    assetId,
                                    target.id(),
                                    destination(s),
                                    java.util.Objects.requireNonNull(s.olderThanDays()));
                        default -> new ReplicateJob.Spec(assetId, target.id(), destination(s), s.retention(), null);
                    };
                    queueStage(p, s, assetId, target.id(), jobSpec, requestedBy).ifPresent(queued::add);
                }
            }
            case "verify" -> {
                String subset = "";
                if (s.subsetPercent() != null && s.subsetPercent() < 100) {
                    int m = (int) Math.ceil(100.0 / s.subsetPercent());
                    Duration every = s.schedule("stage").objective(scheduledFor, server.zone);
                    long n = Math.floorMod(scheduledFor.toEpochMilli() / Math.max(1, every.toMillis()), m) + 1;
                    subset = n + "/" + m;
                }
                queueStage(p, s, null, target.id(), new MaintenanceJobs.Spec(target.id(), subset), requestedBy)
                        .ifPresent(queued::add);
            }
            default ->
                queueStage(p, s, null, target.id(), new MaintenanceJobs.Spec(target.id(), ""), requestedBy)
                        .ifPresent(queued::add);
        }
        return queued;
    }

    private String destination(StageSpec s) {
        String to = java.util.Objects.requireNonNull(s.to());
        return server.targets
                .get(to)
                .orElseThrow(() -> new IllegalStateException("replicate stage: target " + to + " does not exist"))
                .id();
    }

    private Optional<Jobs.Job> queueStage(
            Specs.Stored<PolicySpec> p,
            StageSpec s,
            @Nullable String assetId,
            String targetId,
            Object spec,
            String requestedBy) {
        if (server.jobs.active(p.id(), s.stageName(), assetId, targetId)) {
            server.metrics
                    .counter("holdfast_runs_skipped", "policy", p.spec().name())
                    .increment();
            return Optional.empty();
        }
        return Optional.of(queue(s.type(), p.id(), s.stageName(), assetId, targetId, spec, requestedBy));
    }

    private Jobs.Job queue(
            String kind,
            @Nullable String policyId,
            @Nullable String stage,
            @Nullable String assetId,
            @Nullable String targetId,
            Object spec,
            String requestedBy) {
        return server.jobs.queue(new Jobs.NewJob(
                kind, policyId, stage, assetId, targetId, spec, server.clock.millis(), requestedBy, 1, null));
    }

    /** After a job: a successful backup triggers the policy's unscheduled replicate stages for the asset. */
    public void finished(Jobs.Job job, JobState state, boolean retrying) {
        boolean ok = state == JobState.SUCCEEDED || state == JobState.PARTIAL;
        if (ok
                && job.targetId() != null
                && java.util.Set.of("backup", "sync", "replicate", "prune").contains(job.kind())) {
            String indexTarget =
                    job.kind().equals("replicate") ? job.spec().path("toId").asText(job.targetId()) : job.targetId();
            if (server.jobs.list("queued", null, "index", null, 1000).stream()
                    .noneMatch(j -> indexTarget.equals(j.targetId()))) {
                // a few seconds later, so that the index job of a busy target takes several new snapshots at once
                server.jobs.queue(new Jobs.NewJob(
                        "index",
                        null,
                        null,
                        null,
                        indexTarget,
                        Map.of("targetId", indexTarget, "subset", ""),
                        server.clock.millis()
                                + server.options.tick().multipliedBy(10).toMillis(),
                        "system",
                        1,
                        null));
            }
        }
        if (!job.kind().equals("backup")
                || job.policyId() == null
                || state != JobState.SUCCEEDED && state != JobState.PARTIAL) {
            return;
        }
        server.policies.get(job.policyId()).ifPresent(p -> {
            for (StageSpec s : p.spec().stages()) {
                if (s.type().equals("replicate") && !s.scheduled() && job.assetId() != null && job.targetId() != null) {
                    queueStage(
                            p,
                            s,
                            job.assetId(),
                            job.targetId(),
                            new ReplicateJob.Spec(job.assetId(), job.targetId(), destination(s), s.retention(), null),
                            "system");
                }
            }
        });
    }

    public Schedules schedules() {
        return schedules;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        Thread t = loop;
        if (t != null) {
            t.interrupt();
            t.join(5000);
        }
    }
}
