package io.holdfast.server.api;

import io.holdfast.client.Holdfast;
import io.holdfast.engine.TreeWalker;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.Copies;
import io.holdfast.server.catalog.Jobs;
import io.holdfast.server.jobs.Repos;
import io.holdfast.server.security.Permission;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** {@code /api/v1/copies}: the catalog of snapshots across targets; browse a copy's tree; restore. */
final class CopiesResource implements Routes.Resource {
    /**
     * The body of a restore: a path in the copy (default: all of it), where to, and whether to overwrite; or, with
     * {@code toTarget}, the whole copy copied into another target.
     */
    record RestoreRequest(
            @Nullable String path,
            @Nullable String to,
            @Nullable Boolean overwrite,
            @Nullable String toTarget) {}

    private final ServerContext server;

    CopiesResource(ServerContext server) {
        this.server = server;
    }

    @Override
    public void register(Routes r) {
        r.get(
                "/api/v1/copies",
                Permission.COPY_READ,
                "List copies, newest first (target, asset, before and beforeId of the last copy seen, limit)",
                ctx -> {
                    String target = ctx.queryParam("target");
                    String targetId = target == null
                            ? null
                            : TargetsResource.access(server, target).id();
                    String asset = ctx.queryParam("asset");
                    String assetId = asset == null
                            ? null
                            : server.assets.get(asset).map(a -> a.id()).orElse(asset);
                    ctx.json(server.copies.list(
                            targetId,
                            assetId,
                            Requests.longQuery(ctx, "before"),
                            ctx.queryParam("beforeId"),
                            Requests.intQuery(ctx, "limit", 100)));
                });
        r.get("/api/v1/copies/{target}/{snapshot}", Permission.COPY_READ, "One copy", ctx -> ctx.json(find(ctx)));
        r.get(
                "/api/v1/copies/{target}/{snapshot}/tree",
                Permission.COPY_READ,
                "The entries of a directory of a copy (path, default /)",
                this::tree);
        r.post(
                "/api/v1/copies/{target}/{snapshot}/restore",
                Permission.RESTORE_RUN,
                "Restore a copy, or a file or folder of it, under an allowed root, or the copy to another target (a job)",
                this::restore);
    }

    private Copies.Copy find(Context ctx) {
        String targetId =
                TargetsResource.access(server, ctx.pathParam("target")).id();
        String snap = ctx.pathParam("snapshot");
        return server.copies.get(targetId, snap).orElseThrow(() -> ApiException.notFound("copy " + snap));
    }

    private void tree(Context ctx) throws IOException {
        Copies.Copy c = find(ctx);
        String path = Objects.requireNonNullElse(ctx.queryParam("path"), "/");
        if (!path.startsWith("/")) {
            throw ApiException.badRequest("path must be absolute");
        }
        try (Holdfast hf = Repos.openReadOnly(TargetsResource.access(server, c.targetId()))) {
            hf.repository().loadIndex();
            TreeWalker walker = new TreeWalker(hf.repository());
            var tree = io.holdfast.format.Id.parse(c.tree());
            Tree t;
            if (path.equals("/")) {
                t = walker.tree(tree);
            } else {
                Node n = walker.find(tree, path);
                if (n == null || n.type() != NodeType.DIR) {
                    throw ApiException.notFound("directory " + path + " in copy " + c.snapshotId());
                }
                t = walker.tree(Objects.requireNonNull(n.subtree()));
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (Node n : t.nodes()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", n.name());
                m.put("path", TreeWalker.join(path, n.name()));
                m.put("type", n.type().name().toLowerCase(java.util.Locale.ROOT));
                m.put("size", n.size());
                m.put("mtime", n.mtime().toString());
                m.put("mode", n.mode());
                out.add(m);
            }
            ctx.json(out);
        }
    }

    private void restore(Context ctx) {
        Copies.Copy c = find(ctx);
        RestoreRequest req = Requests.body(ctx, RestoreRequest.class);
        if (req.toTarget() != null && !req.toTarget().isBlank()) {
            toTarget(ctx, c, req);
            return;
        }
        if (req.to() == null || req.to().isBlank()) {
            throw ApiException.invalid("to", "give the directory to restore into");
        }
        Path to = allowed(java.util.Objects.requireNonNull(req.to()));
        if (req.path() != null && !req.path().startsWith("/")) {
            throw ApiException.invalid("path", "a path in the copy must be absolute");
        }
        String user = Requests.principal(ctx).user();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetId", c.targetId());
        spec.put("snapshot", c.snapshotId());
        spec.put("path", req.path());
        spec.put("to", to.toString());
        spec.put("overwrite", Boolean.TRUE.equals(req.overwrite()));
        Jobs.Job j = server.jobs.queue(new Jobs.NewJob(
                "restore", null, null, c.assetId(), c.targetId(), spec, server.clock.millis(), user, 1, null));
        server.audit.append(
                user,
                "restore.request",
                "copy/" + c.targetId() + "/" + c.snapshotId(),
                Map.of("path", req.path() == null ? "/" : req.path(), "to", to.toString(), "job", j.id()));
        ctx.status(202).json(j);
    }

    private void toTarget(Context ctx, Copies.Copy c, RestoreRequest req) {
        if (req.path() != null && !req.path().equals("/")) {
            throw ApiException.invalid("path", "only a whole copy can go to another target; leave the path empty");
        }
        String toTarget = java.util.Objects.requireNonNull(req.toTarget());
        var dest = server.targets
                .get(toTarget)
                .orElseThrow(() -> ApiException.invalid("toTarget", "no target " + toTarget));
        if (dest.id().equals(c.targetId())) {
            throw ApiException.invalid("toTarget", "the copy is already in " + dest.name() + "; choose another target");
        }
        String user = Requests.principal(ctx).user();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("assetId", c.assetId());
        spec.put("fromId", c.targetId());
        spec.put("toId", dest.id());
        spec.put("retention", null);
        spec.put("snapshot", c.snapshotId());
        Jobs.Job j = server.jobs.queue(new Jobs.NewJob(
                "replicate", null, null, c.assetId(), c.targetId(), spec, server.clock.millis(), user, 1, null));
        server.audit.append(
                user,
                "restore.request",
                "copy/" + c.targetId() + "/" + c.snapshotId(),
                Map.of("toTarget", dest.id(), "job", j.id()));
        ctx.status(202).json(j);
    }

    /** {@code to}, if it lies under a restore root once '..' and symbolic links are resolved; else 422. */
    private Path allowed(String to) {
        Path p = Path.of(to);
        if (!p.isAbsolute()) {
            throw ApiException.invalid("to", "give an absolute path");
        }
        p = p.normalize();
        Path real = realOfNearestAncestor(p);
        for (Path root : server.options.restoreRoots()) {
            Path r = realOfNearestAncestor(root.toAbsolutePath().normalize());
            if (real.startsWith(r)) {
                return p;
            }
        }
        throw ApiException.invalid("to", to + " is not under a restore root (" + server.options.restoreRoots() + ")");
    }

    private static Path realOfNearestAncestor(Path p) {
        Path existing = p;
        Path rest = Path.of("");
        while (existing != null && !Files.exists(existing)) {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        try {
            return existing == null ? p : existing.toRealPath().resolve(rest).normalize();
        } catch (IOException e) {
            return p;
        }
    }
}
