package io.holdfast.server.alerting;

import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.Alerts;
import io.holdfast.server.catalog.JobState;
import io.holdfast.server.catalog.Jobs;
import io.holdfast.server.jobs.JobListener;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Raises and resolves alerts: from each job's end (a failed backup, verify, drill or replication; a target whose catalog
 * sync failed is unreachable) and from each compliance check (an RPO missed). New alerts are audited and sent to the
 * webhooks ({@code alert.raised}); cleared ones too ({@code alert.resolved}). Compliance is also published as metrics.
 */
public final class Alerting implements JobListener {
    private final ServerContext server;
    private final Notifier notifier;
    private final MultiGauge rpoAge;
    private final MultiGauge compliant;
    private volatile boolean stopping;
    private @org.jspecify.annotations.Nullable Thread loop;

    public Alerting(ServerContext server, Notifier notifier) {
        this.server = server;
        this.notifier = notifier;
        this.rpoAge = MultiGauge.builder("holdfast_asset_copy_age_seconds")
                .description("Age of the newest good copy of each asset under each policy")
                .register(server.metrics);
        this.compliant = MultiGauge.builder("holdfast_asset_compliant")
                .description("1 if the asset is protected as its policy says, else 0")
                .register(server.metrics);
        io.micrometer.core.instrument.Gauge.builder("holdfast_alerts_active", server.alerts, a -> a.countActive())
                .register(server.metrics);
    }

    /** Checks compliance every {@code every} until closed. */
    public void start(io.holdfast.server.jobs.Sleeper sleeper, java.time.Duration every) {
        loop = Thread.ofPlatform().name("holdfast-compliance").daemon(true).start(() -> {
            while (!stopping) {
                try {
                    sleeper.sleep(every);
                    check();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.err.println("holdfast server: compliance: " + e);
                }
            }
        });
    }

    public void close() throws InterruptedException {
        stopping = true;
        Thread t = loop;
        if (t != null) {
            t.interrupt();
            t.join(5000);
        }
    }

    public Optional<Alerts.Alert> raise(String kind, String subject, String message) {
        Optional<Alerts.Alert> a = server.alerts.raise(kind, subject, message);
        a.ifPresent(alert -> {
            server.audit.append(
                    "system",
                    "alert.raise",
                    "alert/" + alert.id(),
                    Map.of("kind", kind, "subject", subject, "message", message));
            notifier.publish("alert.raised", alert);
        });
        return a;
    }

    public void resolve(String kind, String subject) {
        if (server.alerts.resolve(kind, subject)) {
            server.audit.append("system", "alert.resolve", "alert/" + kind, Map.of("subject", subject));
            notifier.publish("alert.resolved", Map.of("kind", kind, "subject", subject));
        }
    }

    @Override
    public void finished(Jobs.Job job, JobState state, boolean retrying) {
        String kind = switch (job.kind()) {
            case "verify" -> "verify.failed";
            case "drill" -> "drill.failed";
            case "sync" -> "target.unreachable";
            case "restore" -> "restore.failed";
            default -> "job.failed";
        };
        String subject = job.kind().equals("sync") ? "target/" + job.targetId() : subject(job);
        if (state == JobState.FAILED && !retrying) {
            String what = job.kind() + (job.policyId() != null ? " of policy " + policyName(job.policyId()) : "");
            raise(
                    kind,
                    subject,
                    what + " failed: " + (job.error() == null ? "see the job's log" : job.error()) + " (job " + job.id()
                            + ")");
        } else if (state == JobState.SUCCEEDED || state == JobState.PARTIAL) {
            resolve(kind, subject);
        }
    }

    private String policyName(String id) {
        return server.policies.get(id).map(p -> p.name()).orElse(id);
    }

    static String subject(Jobs.Job job) {
        StringBuilder s = new StringBuilder();
        if (job.policyId() != null) {
            s.append("policy/").append(job.policyId()).append('/').append(job.stage());
        } else {
            s.append(job.kind());
        }
        if (job.assetId() != null) {
            s.append("/asset/").append(job.assetId());
        } else if (job.targetId() != null) {
            s.append("/target/").append(job.targetId());
        }
        return s.toString();
    }

    /**
     * For each policy with a lock stage: once its newest successful lock run is older than the lock period minus one
     * generation, locks of files live snapshots need may end within a generation: {@code lock.expiring}.
     */
    private void lockExpiry() {
        long now = server.clock.millis();
        for (var p : server.policies.list()) {
            if (p.spec().stages().stream().noneMatch(s -> s.type().equals("lock"))) {
                continue;
            }
            String subject = "policy/" + p.id() + "/lock";
            var last = server.jobs.list("succeeded", p.id(), "lock", null, 1);
            if (last.isEmpty() || last.getFirst().finishedAt() == null) {
                continue; // compliance reports a lock stage that never ran
            }
            var result = last.getFirst().result();
            int days = result == null ? 0 : result.path("days").asInt();
            int g = result == null
                    ? 1
                    : Math.max(1, result.path("generationDays").asInt());
            long age = now - last.getFirst().finishedAt();
            long limit = java.time.Duration.ofDays(Math.max(1, days - g)).toMillis();
            if (days > 0 && age > limit) {
                raise(
                        "lock.expiring",
                        subject,
                        "policy " + p.name() + ": the last successful lock run was "
                                + age / 86_400_000 + " days ago; locks of files live snapshots need may end within " + g
                                + " days: run its lock stage");
            } else {
                resolve("lock.expiring", subject);
            }
        }
    }

    /** Evaluates compliance, raises or resolves RPO alerts, and updates the metrics. */
    public List<Compliance.AssetCompliance> check() {
        List<Compliance.AssetCompliance> all = Compliance.evaluate(server);
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        List<MultiGauge.Row<?>> ok = new ArrayList<>();
        for (Compliance.AssetCompliance c : all) {
            Tags tags = Tags.of("policy", c.policy(), "asset", c.asset());
            ages.add(MultiGauge.Row.of(tags, c.ageSeconds()));
            ok.add(MultiGauge.Row.of(tags, c.status().equals("protected") ? 1 : 0));
            String subject = "policy/" + c.policyId() + "/asset/" + c.assetId();
            if (!c.rpoMet() && !c.status().equals("paused")) {
                raise(
                        "rpo.missed",
                        subject,
                        "asset " + c.asset() + " of policy " + c.policy() + ": " + String.join("; ", c.reasons()));
            } else {
                resolve("rpo.missed", subject);
            }
        }
        lockExpiry();
        rpoAge.register(ages, true);
        compliant.register(ok, true);
        return all;
    }
}
