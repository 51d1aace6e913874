package io.holdfast.server.api;

import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.Specs;
import io.holdfast.server.policy.AssetSpec;
import io.holdfast.server.security.Permission;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/v1/assets}: what to protect (paths, a command's output, a prompt log). */
final class AssetsResource implements Routes.Resource {
    private final ServerContext server;

    AssetsResource(ServerContext server) {
        this.server = server;
    }

    @Override
    public void register(Routes r) {
        r.get(
                "/api/v1/assets",
                Permission.ASSET_READ,
                "List assets",
                ctx -> ctx.json(
                        server.assets.list().stream().map(AssetsResource::view).toList()));
        r.post("/api/v1/assets", Permission.ASSET_WRITE, "Add an asset", this::create);
        r.get(
                "/api/v1/assets/{id}",
                Permission.ASSET_READ,
                "One asset",
                ctx -> ctx.json(view(find(ctx.pathParam("id")))));
        r.put("/api/v1/assets/{id}", Permission.ASSET_WRITE, "Change an asset", this::update);
        r.delete("/api/v1/assets/{id}", Permission.ASSET_WRITE, "Remove an asset (its copies stay)", this::delete);
    }

    static Map<String, Object> view(Specs.Stored<AssetSpec> a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.putAll(io.holdfast.server.catalog.Json.MAPPER.convertValue(a.spec(), Map.class));
        m.put("createdAt", a.createdAt());
        m.put("updatedAt", a.updatedAt());
        return m;
    }

    private Specs.Stored<AssetSpec> find(String id) {
        return server.assets.get(id).orElseThrow(() -> ApiException.notFound("asset " + id));
    }

    private void create(Context ctx) {
        AssetSpec spec = Requests.body(ctx, AssetSpec.class).validated();
        if (server.assets.get(spec.name()).isPresent()) {
            throw ApiException.conflict("an asset named " + spec.name() + " exists");
        }
        var a = server.assets.create(spec.name(), spec, spec.kind());
        server.audit.append(Requests.principal(ctx).user(), "asset.create", "asset/" + a.id(), Map.of("spec", spec));
        ctx.status(201).json(view(a));
    }

    private void update(Context ctx) {
        var old = find(ctx.pathParam("id"));
        AssetSpec spec = Requests.body(ctx, AssetSpec.class).validated();
        if (!spec.kind().equals(old.spec().kind())) {
            throw ApiException.invalid("kind", "an asset's kind cannot change; add a new asset");
        }
        var a = server.assets.update(old.id(), spec.name(), spec).orElseThrow(() -> ApiException.notFound("asset"));
        server.audit.append(Requests.principal(ctx).user(), "asset.update", "asset/" + a.id(), Map.of("spec", spec));
        ctx.json(view(a));
    }

    private void delete(Context ctx) {
        var a = find(ctx.pathParam("id"));
        for (var p : server.policies.list()) {
            if (p.spec().assets().contains(a.id()) || p.spec().assets().contains(a.name())) {
                throw ApiException.conflict("policy " + p.name() + " protects asset " + a.name() + "; change it first");
            }
        }
        server.assets.delete(a.id());
        server.audit.append(
                Requests.principal(ctx).user(), "asset.delete", "asset/" + a.id(), Map.of("name", a.name()));
        ctx.status(204);
    }
}
