package io.holdfast.server.jobs;

import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.Jobs;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a running job sees: its row, a log, progress reporting (rate and ETA, written to the catalog at most once a
 * second) and whether it has been asked to stop.
 */
public final class JobContext {
    private final ServerContext server;
    private final Jobs.Job job;
    private final Instant started;
    private volatile boolean cancelled;
    private long lastReport;
    private volatile long doneBytes;
    private volatile long doneFiles;
    private volatile long totalBytes = -1;
    private volatile long totalFiles = -1;

    JobContext(ServerContext server, Jobs.Job job) {
        this.server = server;
        this.job = job;
        this.started = server.clock.instant();
    }

    public Jobs.Job job() {
        return job;
    }

    public ServerContext server() {
        return server;
    }

    /** The target a job works on; a target removed since the job was queued fails it without retries. */
    public io.holdfast.server.catalog.Targets.Access target(String id) {
        return server.targets
                .access(id)
                .orElseThrow(() -> new PermanentJobException("target " + id + " no longer exists"));
    }

    public void log(String line) {
        server.jobs.log(job.id(), line);
    }

    /** Throws {@link JobCancelledException} if the job was asked to stop. */
    public void checkCancelled() {
        if (cancelled) {
            throw new JobCancelledException();
        }
    }

    void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled;
    }

    public void totals(long files, long bytes) {
        totalFiles = files;
        totalBytes = bytes;
    }

    public void done(long files, long bytes) {
        doneFiles = files;
        doneBytes = bytes;
        checkCancelled();
    }

    /** The progress the API shows: files and bytes done, totals when known, rate and ETA. */
    public Map<String, Object> progress() {
        Map<String, Object> p = new LinkedHashMap<>();
        double secs = Math.max(
                0.001, Duration.between(started, server.clock.instant()).toMillis() / 1000.0);
        long bytes = doneBytes;
        p.put("filesDone", doneFiles);
        p.put("bytesDone", bytes);
        if (totalBytes >= 0) {
            p.put("filesTotal", totalFiles);
            p.put("bytesTotal", totalBytes);
        }
        double rate = bytes / secs;
        p.put("bytesPerSecond", Math.round(rate));
        if (totalBytes > 0 && rate > 0) {
            p.put("percentDone", Math.min(100.0, Math.round(1000.0 * bytes / totalBytes) / 10.0));
            p.put("etaSeconds", Math.max(0, Math.round((totalBytes - bytes) / rate)));
        }
        p.put("elapsedSeconds", Math.round(secs));
        return p;
    }

    /** Writes progress to the catalog if a second has passed; called by the runner's heartbeat. */
    void report(boolean force) {
        long now = server.clock.millis();
        if (force || now - lastReport >= 1000) {
            lastReport = now;
            server.jobs.heartbeat(job.id(), progress());
        }
    }
}
