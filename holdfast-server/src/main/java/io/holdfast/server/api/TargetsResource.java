package io.holdfast.server.api;

import io.holdfast.client.Holdfast;
import io.holdfast.client.InitOptions;
import io.holdfast.format.crypto.WrongPasswordException;
import io.holdfast.repository.RepositoryNotFoundException;
import io.holdfast.repository.RepositoryOptions;
import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.Jobs;
import io.holdfast.server.catalog.Targets;
import io.holdfast.server.policy.Names;
import io.holdfast.server.security.Permission;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/v1/targets}: repositories, a local path or an {@code s3:} URL. Creating or changing one opens the
 * repository with the given password first ({@code init: true} creates it); the password and settings are sealed and
 * never returned.
 */
final class TargetsResource implements Routes.Resource {
    /** The body of create and update. */
    record TargetRequest(
            String name,
            String location,
            @Nullable String password,
            @Nullable Map<String, String> env,
            @Nullable Boolean init) {}

    private final ServerContext server;

    TargetsResource(ServerContext server) {
        this.server = server;
    }

    @Override
    public void register(Routes r) {
        r.get("/api/v1/targets", Permission.TARGET_READ, "List targets", ctx -> ctx.json(server.targets.list()));
        r.post(
                "/api/v1/targets",
                Permission.TARGET_WRITE,
                "Add a target (init: true creates the repository)",
                this::create);
        r.get("/api/v1/targets/{id}", Permission.TARGET_READ, "One target", ctx -> ctx.json(find(ctx.pathParam("id"))));
        r.put("/api/v1/targets/{id}", Permission.TARGET_WRITE, "Change a target", this::update);
        r.delete(
                "/api/v1/targets/{id}",
                Permission.TARGET_WRITE,
                "Remove a target from the catalog (its data stays)",
                this::delete);
        r.post(
                "/api/v1/targets/{id}/sync",
                Permission.TARGET_WRITE,
                "Refresh the catalog of the target's copies",
                ctx -> {
                    Targets.Target t = find(ctx.pathParam("id"));
                    Jobs.Job j = server.jobs.queue(new Jobs.NewJob(
                            "sync",
                            null,
                            null,
                            null,
                            t.id(),
                            Map.of("targetId", t.id(), "subset", ""),
                            server.clock.millis(),
                            Requests.principal(ctx).user(),
                            1,
                            null));
                    ctx.status(202).json(j);
                });
    }

    private Targets.Target find(String id) {
        return server.targets.get(id).orElseThrow(() -> ApiException.notFound("target " + id));
    }

    private void create(Context ctx) throws IOException {
        TargetRequest req = Requests.body(ctx, TargetRequest.class);
        validate(req);
        if (req.password() == null || req.password().isEmpty()) {
            throw ApiException.invalid("password", "give the repository's password");
        }
        if (server.targets.get(req.name()).isPresent()) {
            throw ApiException.conflict("a target named " + req.name() + " exists");
        }
        Map<String, String> env = req.env() == null ? Map.of() : req.env();
        probe(req.location(), req.password(), env, Boolean.TRUE.equals(req.init()));
        Targets.Target t = server.targets.create(req.name(), req.location(), req.password(), env);
        server.audit.append(
                Requests.principal(ctx).user(),
                "target.create",
                "target/" + t.id(),
                Map.of("name", t.name(), "location", t.location(), "init", Boolean.TRUE.equals(req.init())));
        ctx.status(201).json(t);
    }

    private void update(Context ctx) throws IOException {
        Targets.Target old = find(ctx.pathParam("id"));
        TargetRequest req = Requests.body(ctx, TargetRequest.class);
        validate(req);
        Targets.Access access = server.targets.access(old.id()).orElseThrow();
        String pw = req.password() != null ? req.password() : access.password();
        Map<String, String> env = req.env() != null ? req.env() : access.env();
        probe(req.location(), pw, env, false);
        Targets.Target t = server.targets
                .update(old.id(), req.name(), req.location(), req.password(), req.env())
                .orElseThrow(() -> ApiException.notFound("target " + old.id()));
        server.audit.append(
                Requests.principal(ctx).user(),
                "target.update",
                "target/" + t.id(),
                Map.of("name", t.name(), "location", t.location(), "passwordChanged", req.password() != null));
        ctx.json(t);
    }

    private void delete(Context ctx) {
        Targets.Target t = find(ctx.pathParam("id"));
        for (var p : server.policies.list()) {
            boolean uses = p.spec().target().equals(t.id())
                    || p.spec().target().equals(t.name())
                    || p.spec().stages().stream().anyMatch(s -> t.name().equals(s.to()) || t.id().equals(s.to()));
            if (uses) {
                throw ApiException.conflict("policy " + p.name() + " uses target " + t.name() + "; change it first");
            }
        }
        server.targets.delete(t.id());
        server.audit.append(
                Requests.principal(ctx).user(), "target.delete", "target/" + t.id(), Map.of("name", t.name()));
        ctx.status(204);
    }

    private static void validate(TargetRequest req) {
        if (req.name() == null) {
            throw ApiException.invalid("name", "give the target a name");
        }
        Names.check("name", req.name());
        String loc = req.location();
        if (loc == null || !(loc.startsWith("/") || loc.startsWith("s3:"))) {
            throw ApiException.invalid("location", "give an absolute local path or an s3: URL");
        }
    }

    /** Opens (or creates) the repository, so that a wrong password or location is refused now, not at 2 a.m. */
    private static void probe(String location, String password, Map<String, String> env, boolean init)
            throws IOException {
        Map<String, String> all = io.holdfast.server.jobs.Repos.env(env);
        try (Holdfast hf = init
                ? Holdfast.init(location, all, password, InitOptions.DEFAULTS, RepositoryOptions.DEFAULTS)
                : Holdfast.open(location, all, password, RepositoryOptions.DEFAULTS, true)) {
            hf.repository();
        } catch (WrongPasswordException e) {
            throw ApiException.invalid("password", "the password does not open the repository at " + location);
        } catch (RepositoryNotFoundException e) {
            throw ApiException.invalid("location", "no repository at " + location + "; send init: true to create one");
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw ApiException.invalid(
                    "location", (init ? "cannot create a repository at " : "cannot open ") + location + ": " + m);
        }
    }

    static Targets.Access access(ServerContext server, String id) {
        return server.targets.access(id).orElseThrow(() -> ApiException.notFound("target " + id));
    }
}
