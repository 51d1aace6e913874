package io.holdfast.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.Snapshots;
import io.holdfast.repository.RepositoryOptions;
import io.holdfast.server.catalog.Copies;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.catalog.Targets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Opens targets' repositories and turns their snapshots into catalog rows. */
public final class Repos {
    /** Tag that links a snapshot to the asset it protects. */
    public static final String ASSET_TAG = "asset:";

    public static final String POLICY_TAG = "policy:";

    private Repos() {}

    /** The process's environment with the target's settings over it (credentials, storage class). */
    public static Map<String, String> env(Targets.Access t) {
        return env(t.env());
    }

    /** The process's environment with {@code settings} over it. */
    public static Map<String, String> env(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(settings);
        return env;
    }

    /** Opens a target; waits up to five minutes for another process's exclusive lock. */
    public static Holdfast open(Targets.Access t) throws IOException {
        return Holdfast.open(t.location(), env(t), t.password(), RepositoryOptions.DEFAULTS, false)
                .retryLock(Duration.ofMinutes(5));
    }

    /** Opens a target without taking a lock (catalog sync, browsing). */
    public static Holdfast openReadOnly(Targets.Access t) throws IOException {
        return Holdfast.open(t.location(), env(t), t.password(), RepositoryOptions.DEFAULTS, true);
    }

    public static Copies.Copy copy(String targetId, Snapshots.Ref ref) {
        var s = ref.snapshot();
        String asset = null;
        for (String tag : s.tags()) {
            if (tag.startsWith(ASSET_TAG)) {
                asset = tag.substring(ASSET_TAG.length());
            }
        }
        JsonNode summary = null;
        if (s.summary() != null) {
            summary = Json.tree(new String(s.summary().bytes(), StandardCharsets.UTF_8));
        }
        return new Copies.Copy(
                targetId,
                ref.id().hex(),
                s.time().toInstant().toEpochMilli(),
                s.hostname(),
                s.paths(),
                s.tags(),
                asset,
                s.tree().hex(),
                s.programVersion(),
                summary);
    }

    /** Re-reads the target's snapshots into the catalog; returns {added, removed}. */
    public static int[] sync(io.holdfast.server.ServerContext server, Targets.Access t) throws IOException {
        try (Holdfast hf = openReadOnly(t)) {
            List<Snapshots.Ref> refs = hf.snapshots();
            return server.copies.replace(
                    t.id(), refs.stream().map(r -> copy(t.id(), r)).toList());
        }
    }

    /** Progress of a backup or restore into the job's context. */
    static BackupProgress progress(JobContext ctx, @Nullable List<String> errors) {
        return new BackupProgress() {
            long files;
            long bytes;
            long totalFiles;
            long totalBytes;

            @Override
            public synchronized void scanned(long f, long b) {
                // scanning reports files as it finds them: the totals add up (a backup reports each file)
                totalFiles += f;
                totalBytes += b;
                ctx.totals(totalFiles, totalBytes);
            }

            @Override
            public synchronized void bytesDone(long b) {
                bytes += b;
                ctx.done(files, bytes);
            }

            @Override
            public synchronized void fileDone(String path, FileStatus status) {
                files++;
                ctx.done(files, bytes);
            }

            @Override
            public void error(String path, Exception e) {
                if (errors != null) {
                    errors.add(path + ": " + e.getMessage());
                }
                ctx.log("error: " + path + ": " + e.getMessage());
            }
        };
    }
}
