package io.holdfast.server.jobs;

import io.holdfast.client.Holdfast;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.engine.SnapshotFilter;
import io.holdfast.engine.Snapshots;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.catalog.Targets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A restore drill: restores the asset's latest copy into the scratch directory, reads every file back and compares it
 * with the snapshot, records the time taken as the measured recovery time (RTO), and removes what it wrote.
 */
final class DrillJob implements JobExecutor {
    /** The job's spec. */
    record Spec(String assetId, String targetId) {}

    @Override
    public Outcome run(JobContext ctx) throws Exception {
        Spec spec = Json.MAPPER.treeToValue(ctx.job().spec(), Spec.class);
        Targets.Access t = ctx.target(spec.targetId());
        Path dir =
                ctx.server().options.scratchDir().resolve("drill-" + ctx.job().id());
        Instant start = ctx.server().clock.instant();
        try (Holdfast hf = Repos.open(t)) {
            SnapshotFilter f =
                    new SnapshotFilter(List.of(), List.of(List.of(Repos.ASSET_TAG + spec.assetId())), List.of());
            List<Snapshots.Ref> refs = hf.snapshots(List.of(), f);
            if (refs.isEmpty()) {
                throw new PermanentJobException("no copy of asset " + spec.assetId() + " in " + t.name() + " to drill");
            }
            Snapshots.Ref latest = refs.getLast();
            ctx.log("drill: restoring snapshot " + latest.id().shortHex() + " from " + t.name() + " to " + dir);
            Files.createDirectories(dir);
            RestoreOptions opts = new RestoreOptions(List.of(), List.of(), RestoreOptions.Overwrite.NEVER, true, false);
            RestoreResult r = hf.restore(latest.id().hex(), dir, opts, Repos.progress(ctx, null));
            Duration rto = Duration.between(start, ctx.server().clock.instant());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("snapshot", latest.id().hex());
            result.put("files", r.files());
            result.put("bytes", r.bytes());
            result.put("verified", r.verified());
            result.put("rtoSeconds", rto.toMillis() / 1000.0);
            result.put("ok", r.errors().isEmpty());
            ctx.log("drill: " + r.files() + " files, " + r.bytes() + " bytes restored and verified in " + rto.toMillis()
                    + " ms");
            if (!r.errors().isEmpty()) {
                r.errors().forEach(e -> ctx.log("error: " + e));
                throw new PermanentJobException(
                        "restore drill failed: " + r.errors().getFirst());
            }
            return Outcome.succeeded(result);
        } finally {
            remove(dir);
        }
    }

    static void remove(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.deleteIfExists(p);
            }
        }
    }
}
