package io.holdfast.server.jobs;

import io.holdfast.format.crypto.WrongPasswordException;
import io.holdfast.repository.RepositoryNotFoundException;
import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.JobState;
import io.holdfast.server.catalog.Jobs;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs queued jobs in this process: at most {@code workers} at once; on one target, an exclusive job (prune) runs alone
 * and others run beside each other (the repository's own locks guard against other processes). Transient failures are
 * retried with doubling back-off up to {@code maxAttempts}; jobs left running by a stopped server are marked
 * interrupted and queued again.
 */
public final class JobRunner implements AutoCloseable {
    private final ServerContext server;
    private final Sleeper sleeper;
    private final Map<String, JobExecutor> executors = Map.of(
            "backup", new BackupJob(),
            "restore", new RestoreJob(),
            "sync", new MaintenanceJobs.Sync(),
            "prune", new MaintenanceJobs.Prune(),
            "verify", new MaintenanceJobs.Verify(),
            "drill", new DrillJob(),
            "replicate", new ReplicateJob(),
            "index", new IndexJob(),
            "tier", new TierJob(),
            "lock", new LockJob());
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final JobListener onFinish;
    private volatile boolean stopping;
    private @Nullable Thread loop;
    /** Released when a job is queued or ends, so a free worker starts the next job at once, not at the next poll. */
    private final java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);

    private long lastStaleCheck;

    private record Active(JobContext ctx, @Nullable String targetId, boolean exclusive) {}

    public JobRunner(ServerContext server, Sleeper sleeper, JobListener onFinish) {
        this.server = server;
        this.sleeper = sleeper;
        this.onFinish = onFinish;
        this.pool = Executors.newFixedThreadPool(
                server.options.workers(),
                Thread.ofPlatform().name("holdfast-job-", 0).factory());
    }

    public static boolean knownKind(String kind) {
        return java.util.Set.of(
                        "backup", "restore", "sync", "prune", "verify", "drill", "replicate", "index", "tier", "lock")
                .contains(kind);
    }

    /** Marks jobs a stopped server left running as interrupted, queues their retries, and starts polling. */
    /** Wakes the polling loop: a job was queued or a worker became free. */
    public void wake() {
        wake.release();
    }

    public void start() {
        server.jobs.onQueued(this::wake);
        recover(
                server.catalog.sqlite()
                        ? Long.MAX_VALUE
                        : server.clock.millis() - server.options.staleAfter().toMillis());
        Thread t = Thread.ofPlatform().name("holdfast-jobs").daemon(true).start(this::loop);
        loop = t;
    }

    /** Interrupts running jobs whose heartbeat is older than {@code staleBefore} (all of them: MAX_VALUE). */
    void recover(long staleBefore) {
        java.util.Set<String> targets = new java.util.TreeSet<>();
        for (Jobs.Job j : server.jobs.stale(staleBefore)) {
            if (active.containsKey(j.id())) {
                continue;
            }
            if (server.jobs.finish(j.id(), JobState.INTERRUPTED, null, "the server stopped while the job ran")) {
                server.audit.append("system", "job.interrupted", "job/" + j.id(), Map.of("kind", j.kind()));
                server.jobs.log(j.id(), "interrupted: the server stopped while the job ran; a retry is queued");
                retry(j, 0);
                if (j.targetId() != null) {
                    targets.add(j.targetId());
                }
            }
        }
        for (String t : targets) {
            removeStaleLocks(t);
        }
    }

    /**
     * Removes the locks a killed job left in its target (restic's rule: older than 30 minutes, or of a process gone
     * from this host), so that restic and exclusive jobs are not blocked by them.
     */
    private void removeStaleLocks(String targetId) {
        server.targets.access(targetId).ifPresent(t -> {
            try (io.holdfast.client.Holdfast hf = Repos.openReadOnly(t)) {
                int n = hf.unlock(false);
                if (n > 0) {
                    server.audit.append("system", "target.unlock", "target/" + t.id(), Map.of("staleLocks", n));
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("holdfast server: cannot remove stale locks of " + t.name() + ": " + message(e));
            }
        });
    }

    private void loop() {
        while (!stopping) {
            try {
                pollOnce();
                if (wake.tryAcquire(server.options.tick().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                System.err.println("holdfast server: job runner: " + e);
                try {
                    sleeper.sleep(server.options.tick());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** One round: heartbeats and cancellations of running jobs, then starts what may start. */
    void pollOnce() {
        for (Active a : active.values()) {
            if (!a.ctx().isCancelled()
                    && server.jobs.cancelRequested(a.ctx().job().id())) {
                a.ctx().cancel();
                a.ctx().log("cancellation requested");
            }
            a.ctx().report(false);
        }
        long now = server.clock.millis();
        if (!server.catalog.sqlite()
                && now - lastStaleCheck > server.options.staleAfter().toMillis() / 2) {
            lastStaleCheck = now;
            recover(now - server.options.staleAfter().toMillis());
        }
        int free = server.options.workers() - active.size();
        if (free <= 0) {
            return;
        }
        for (Jobs.Job j : server.jobs.due(free + 20)) {
            if (active.size() >= server.options.workers()) {
                return;
            }
            JobExecutor exec = executors.get(j.kind());
            if (exec == null) {
                server.jobs.finish(j.id(), JobState.FAILED, null, "unknown job kind " + j.kind());
                continue;
            }
            if (!admissible(j.targetId(), exec.exclusive()) || !server.jobs.claim(j.id(), server.node)) {
                continue;
            }
            JobContext ctx = new JobContext(server, server.jobs.get(j.id()).orElse(j));
            active.put(j.id(), new Active(ctx, j.targetId(), exec.exclusive()));
            pool.execute(() -> run(ctx, exec));
        }
    }

    private boolean admissible(@Nullable String targetId, boolean exclusive) {
        if (targetId == null) {
            return true;
        }
        for (Active a : active.values()) {
            if (targetId.equals(a.targetId()) && (exclusive || a.exclusive())) {
                return false;
            }
        }
        return true;
    }

    /** Runs a job; whatever happens, its worker slot is freed and the job does not stay "running". */
    private void run(JobContext ctx, JobExecutor exec) {
        Jobs.Job j = ctx.job();
        try {
            runJob(ctx, exec);
        } catch (RuntimeException | Error e) {
            System.err.println("holdfast server: job " + j.id() + ": " + e);
            try {
                server.jobs.finish(j.id(), JobState.FAILED, null, "internal error: " + message(e));
            } catch (RuntimeException again) {
                System.err.println("holdfast server: job " + j.id() + " could not be marked failed: " + again);
            }
        } finally {
            active.remove(j.id());
            wake();
        }
    }

    private void runJob(JobContext ctx, JobExecutor exec) {
        Jobs.Job j = ctx.job();
        JobState state;
        boolean retrying = false;
        server.audit.append(
                j.requestedBy(), "job.start", "job/" + j.id(), Map.of("kind", j.kind(), "attempt", j.attempt()));
        try {
            Outcome o = exec.run(ctx);
            ctx.report(true);
            state = o.state();
            server.jobs.finish(j.id(), state, o.result(), null);
        } catch (JobCancelledException e) {
            state = JobState.CANCELLED;
            ctx.log("cancelled");
            server.jobs.finish(j.id(), state, null, "cancelled");
        } catch (Exception | LinkageError e) {
            if (ctx.isCancelled()) {
                state = JobState.CANCELLED; // the cancellation surfaced wrapped, from a worker thread
                ctx.log("cancelled");
                server.jobs.finish(j.id(), state, null, "cancelled");
            } else {
                state = JobState.FAILED;
                String msg = message(e);
                ctx.log("failed: " + msg);
                server.jobs.finish(j.id(), state, null, msg);
                if (transientFailure(e) && j.attempt() < server.options.maxAttempts()) {
                    long backoff = server.options.retryBackoff().toMillis() << Math.min(20, j.attempt() - 1);
                    retry(j, backoff);
                    retrying = true;
                    ctx.log("retry " + (j.attempt() + 1) + " of " + server.options.maxAttempts() + " queued in "
                            + Duration.ofMillis(backoff).toSeconds() + " s");
                }
            }
        }
        server.audit.append(
                j.requestedBy(), "job.end", "job/" + j.id(), Map.of("kind", j.kind(), "state", state.label()));
        server.metrics
                .counter("holdfast_jobs_finished", "kind", j.kind(), "state", state.label())
                .increment();
        Jobs.Job ended = server.jobs.get(j.id()).orElse(j);
        try {
            onFinish.finished(ended, state, retrying);
        } catch (RuntimeException e) {
            System.err.println("holdfast server: after job " + j.id() + ": " + e);
        }
    }

    private void retry(Jobs.Job j, long delayMillis) {
        server.jobs.queue(new Jobs.NewJob(
                j.kind(),
                j.policyId(),
                j.stage(),
                j.assetId(),
                j.targetId(),
                j.spec(),
                server.clock.millis() + delayMillis,
                j.requestedBy(),
                j.attempt() + 1,
                j.id()));
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return n.getFile() + ": no such file or directory";
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static boolean transientFailure(Throwable e) {
        if (e instanceof PermanentJobException
                || e instanceof WrongPasswordException
                || e instanceof RepositoryNotFoundException
                || e instanceof java.nio.file.NoSuchFileException
                || e instanceof IllegalArgumentException) {
            return false;
        }
        return e instanceof IOException || e instanceof java.io.UncheckedIOException;
    }

    public int activeCount() {
        return active.size();
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        Thread t = loop;
        if (t != null) {
            t.interrupt();
            t.join(5000);
        }
        for (Active a : active.values()) {
            a.ctx().cancel();
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }
}
