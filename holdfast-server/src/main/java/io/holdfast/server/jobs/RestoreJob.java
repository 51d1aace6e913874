package io.holdfast.server.jobs;

import io.holdfast.client.Holdfast;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.server.catalog.JobState;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.catalog.Targets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Restores a copy, or a file or folder of it, under an allowed root; every restored file is read back and compared. */
final class RestoreJob implements JobExecutor {
    /** The job's spec; {@code to} was checked against the restore roots when the job was queued. */
    record Spec(String targetId, String snapshot, @Nullable String path, String to, boolean overwrite) {}

    @Override
    public Outcome run(JobContext ctx) throws Exception {
        Spec spec = Json.MAPPER.treeToValue(ctx.job().spec(), Spec.class);
        Targets.Access target = ctx.target(spec.targetId());
        String what = spec.snapshot() + (spec.path() == null ? "" : ":" + spec.path());
        ctx.log("restore of " + what + " from " + target.name() + " to " + spec.to());
        try (Holdfast hf = Repos.open(target)) {
            RestoreOptions opts = new RestoreOptions(
                    List.of(),
                    List.of(),
                    spec.overwrite() ? RestoreOptions.Overwrite.ALWAYS : RestoreOptions.Overwrite.NEVER,
                    true,
                    false);
            // prompt logs are decrypted per subject as they are written; erased subjects' records are left out
            io.holdfast.client.PromptLogs.Hook hook =
                    io.holdfast.client.PromptLogs.restoreHook(() -> ctx.server().keys());
            RestoreResult r =
                    hf.restore(what, io.holdfast.engine.fs.FsPath.of(spec.to()), opts, Repos.progress(ctx, null), hook);
            if (hook.erasedRecords() > 0) {
                ctx.log("left out " + hook.erasedRecords() + " records of erased subjects");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("to", spec.to());
            result.put("files", r.files());
            result.put("dirs", r.dirs());
            result.put("bytes", r.bytes());
            result.put("verified", r.verified());
            if (!r.errors().isEmpty()) {
                result.put("errors", r.errors());
                r.errors().forEach(e -> ctx.log("error: " + e));
            }
            if (!r.kept().isEmpty()) {
                result.put("kept", r.kept().size());
            }
            ctx.log("restored " + r.files() + " files, " + r.bytes() + " bytes; " + r.verified() + " verified");
            return new Outcome(r.errors().isEmpty() ? JobState.SUCCEEDED : JobState.PARTIAL, result);
        }
    }
}
