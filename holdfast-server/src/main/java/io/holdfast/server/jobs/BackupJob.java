package io.holdfast.server.jobs;

import io.holdfast.client.ForgetResult;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.BackupHooks;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.ForgetOptions;
import io.holdfast.engine.SnapshotFilter;
import io.holdfast.engine.SnapshotGroups;
import io.holdfast.server.catalog.JobState;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.catalog.Specs;
import io.holdfast.server.catalog.Targets;
import io.holdfast.server.policy.AssetSpec;
import io.holdfast.server.policy.RetentionSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Backs up one asset into one target, in this process, then forgets what the stage's retention does not keep (among
 * the asset's snapshots only; a prune stage removes the data). Snapshots are tagged {@code asset:ID} and
 * {@code policy:ID}.
 */
final class BackupJob implements JobExecutor {
    /** The job's spec. */
    record Spec(String assetId, String targetId, @Nullable RetentionSpec retention) {}

    @Override
    public Outcome run(JobContext ctx) throws Exception {
        Spec spec = Json.MAPPER.treeToValue(ctx.job().spec(), Spec.class);
        var server = ctx.server();
        Specs.Stored<AssetSpec> asset = server.assets
                .get(spec.assetId())
                .orElseThrow(() -> new PermanentJobException("asset " + spec.assetId() + " no longer exists"));
        Targets.Access target = ctx.target(spec.targetId());
        AssetSpec a = asset.spec();
        List<String> tags = new ArrayList<>(a.tags());
        tags.add(Repos.ASSET_TAG + asset.id());
        if (ctx.job().policyId() != null) {
            tags.add(Repos.POLICY_TAG + ctx.job().policyId());
        }
        BackupOptions opts = new BackupOptions(
                a.kind().equals("paths") ? a.paths() : List.of(),
                a.excludes(),
                List.of(),
                List.of(),
                tags,
                null,
                null,
                false,
                a.kind().equals("command") ? a.filename() : null,
                a.kind().equals("command") ? a.command() : List.of(),
                BackupOptions.DEFAULTS.readConcurrency(),
                BackupOptions.DEFAULTS.models(),
                null);
        if (a.pre() != null || a.post() != null) {
            opts = opts.withHooks(new BackupHooks(a.pre(), a.post(), BackupHooks.NONE.timeout()));
        }
        ctx.log("backup of asset " + a.name() + " to target " + target.name() + " (" + target.location() + ")");
        try (Holdfast hf = Repos.open(target)) {
            return backup(ctx, spec, asset, target, hf, opts, tags);
        } catch (io.holdfast.engine.BackupHookException e) {
            logHooks(ctx, e.results()); // a failed --pre (and the --post after it)
            throw e;
        }
    }

    private Outcome backup(
            JobContext ctx,
            Spec spec,
            Specs.Stored<AssetSpec> asset,
            Targets.Access target,
            Holdfast hf,
            BackupOptions opts,
            List<String> tags)
            throws Exception {
        var server = ctx.server();
        AssetSpec a = asset.spec();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        Map<String, Object> result = new LinkedHashMap<>();
        BackupResult r;
        if (a.kind().equals("prompt-log")) {
            java.nio.file.Path log = java.nio.file.Path.of(a.paths().getFirst());
            BackupOptions po = new BackupOptions(
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    tags,
                    null,
                    null,
                    false,
                    String.valueOf(log.getFileName()),
                    List.of(),
                    opts.readConcurrency(),
                    opts.models(),
                    null);
            io.holdfast.promptlog.PromptLogOptions pl = new io.holdfast.promptlog.PromptLogOptions(
                    java.util.Objects.requireNonNull(a.subject()),
                    null,
                    List.of(),
                    io.holdfast.promptlog.PromptLogOptions.DEFAULTS.onBadRecord(),
                    io.holdfast.promptlog.PromptLogOptions.DEFAULTS.maxRecordBytes(),
                    io.holdfast.promptlog.PromptLogOptions.DEFAULTS.compressionLevel());
            var pr = hf.backupPromptLog(po, pl, server.keys(), log, true, null, Repos.progress(ctx, errors));
            r = pr.backup();
            result.put("records", pr.log().records());
            result.put("subjects", pr.log().subjects().size());
            result.put("resumed_from_bytes", pr.resumedFrom());
            if (!pr.resumeNote().isEmpty()) {
                ctx.log("prompt log enveloped whole: " + pr.resumeNote());
            }
        } else if (a.kind().equals("postgres")) {
            r = io.holdfast.client.pg.Postgres.backup(
                    hf, java.util.Objects.requireNonNull(a.dsn()), opts, false, Repos.progress(ctx, errors));
        } else {
            r = hf.backup(opts, Repos.progress(ctx, errors));
        }
        logHooks(ctx, r.hooks());
        ctx.log("snapshot " + r.snapshotId().shortHex() + " saved: " + r.totalFilesProcessed() + " files, "
                + r.totalBytesProcessed() + " bytes, " + r.dataAdded() + " bytes added");
        server.copies.add(Repos.copy(target.id(), hf.snapshot(r.snapshotId().hex())));
        result.put("snapshot", r.snapshotId().hex());
        result.put("filesNew", r.filesNew());
        result.put("filesChanged", r.filesChanged());
        result.put("filesUnmodified", r.filesUnmodified());
        result.put("totalFiles", r.totalFilesProcessed());
        result.put("totalBytes", r.totalBytesProcessed());
        result.put("dataAdded", r.dataAdded());
        result.put("durationSeconds", r.duration().toMillis() / 1000.0);
        if (!r.errors().isEmpty()) {
            result.put("errors", r.errors());
        }
        if (spec.retention() != null && !spec.retention().keepsEverything()) {
            ForgetOptions fo = new ForgetOptions(
                    spec.retention().toPolicy(),
                    new SnapshotFilter(List.of(), List.of(List.of(Repos.ASSET_TAG + asset.id())), List.of()),
                    SnapshotGroups.GroupBy.DEFAULT,
                    List.of(),
                    false);
            ForgetResult f = hf.forget(fo, false);
            for (var id : f.removed()) {
                ctx.log("forgot snapshot " + id.shortHex() + " (retention)");
            }
            result.put("forgotten", f.removed().size());
            if (!f.removed().isEmpty()) {
                Repos.sync(server, target);
            }
        }
        boolean postFailed = r.hooks().stream().anyMatch(h -> !h.ok());
        return new Outcome(r.partial() || postFailed ? JobState.PARTIAL : JobState.SUCCEEDED, result);
    }

    /** Each hook's exit code, duration and output (its last 16 KiB) in the job log. */
    private static void logHooks(JobContext ctx, List<BackupHooks.Result> results) {
        for (BackupHooks.Result h : results) {
            ctx.log(h.stage() + " command exited with " + h.exitCode() + " after "
                    + h.duration().toMillis() + " ms"
                    + (h.output().isBlank() ? "" : ":\n" + h.output().strip()));
        }
    }
}
