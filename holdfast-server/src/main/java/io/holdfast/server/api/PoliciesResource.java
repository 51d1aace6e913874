package io.holdfast.server.api;

import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.Jobs;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.catalog.Schedules;
import io.holdfast.server.catalog.Specs;
import io.holdfast.server.jobs.Scheduler;
import io.holdfast.server.policy.PolicySpec;
import io.holdfast.server.policy.StageSpec;
import io.holdfast.server.security.Permission;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code /api/v1/policies}: assets bound to a target by ordered stages; pause, resume, run now. */
final class PoliciesResource implements Routes.Resource {
    /** The body of run-now: one stage by name, or every backup stage. */
    record RunRequest(@Nullable String stage) {}

    private final ServerContext server;
    private final Scheduler scheduler;

    PoliciesResource(ServerContext server, Scheduler scheduler) {
        this.server = server;
        this.scheduler = scheduler;
    }

    @Override
    public void register(Routes r) {
        r.get(
                "/api/v1/policies",
                Permission.POLICY_READ,
                "List policies",
                ctx -> ctx.json(server.policies.list().stream().map(this::view).toList()));
        r.post("/api/v1/policies", Permission.POLICY_WRITE, "Add a policy", this::create);
        r.get(
                "/api/v1/policies/{id}",
                Permission.POLICY_READ,
                "One policy, with its stages' next runs",
                ctx -> ctx.json(view(find(ctx.pathParam("id")))));
        r.put("/api/v1/policies/{id}", Permission.POLICY_WRITE, "Change a policy", this::update);
        r.delete("/api/v1/policies/{id}", Permission.POLICY_WRITE, "Remove a policy (its copies stay)", this::delete);
        r.post(
                "/api/v1/policies/{id}/pause",
                Permission.POLICY_WRITE,
                "Pause a policy's schedules",
                ctx -> paused(ctx, true));
        r.post(
                "/api/v1/policies/{id}/resume",
                Permission.POLICY_WRITE,
                "Resume a policy's schedules",
                ctx -> paused(ctx, false));
        r.post(
                "/api/v1/policies/{id}/run",
                Permission.POLICY_RUN,
                "Run a stage now (default: the backup stages)",
                this::run);
    }

    Specs.Stored<PolicySpec> find(String id) {
        return server.policies.get(id).orElseThrow(() -> ApiException.notFound("policy " + id));
    }

    Map<String, Object> view(Specs.Stored<PolicySpec> p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.putAll(Json.MAPPER.convertValue(p.spec(), Map.class));
        m.put("paused", Boolean.parseBoolean(p.extra()));
        List<Map<String, Object>> sched = new ArrayList<>();
        for (Schedules.Row row : scheduler.schedules().forPolicy(p.id())) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("stage", row.stage());
            s.put("nextAt", row.nextAt());
            if (row.lastAt() != null) {
                s.put("lastAt", row.lastAt());
            }
            sched.add(s);
        }
        m.put("schedule", sched);
        m.put("createdAt", p.createdAt());
        m.put("updatedAt", p.updatedAt());
        return m;
    }

    /** Checks the spec and that the assets and targets it names exist. */
    private PolicySpec checked(PolicySpec spec) {
        spec.validated();
        for (int i = 0; i < spec.assets().size(); i++) {
            if (server.assets.get(spec.assets().get(i)).isEmpty()) {
                throw ApiException.invalid(
                        "assets[" + i + "]", "no asset named " + spec.assets().get(i));
            }
        }
        if (server.targets.get(spec.target()).isEmpty()) {
            throw ApiException.invalid("target", "no target named " + spec.target());
        }
        for (int i = 0; i < spec.stages().size(); i++) {
            StageSpec s = spec.stages().get(i);
            if (s.to() != null && server.targets.get(s.to()).isEmpty()) {
                throw ApiException.invalid("stages[" + i + "].to", "no target named " + s.to());
            }
        }
        return spec;
    }

    private void create(Context ctx) {
        PolicySpec spec = checked(Requests.body(ctx, PolicySpec.class));
        if (server.policies.get(spec.name()).isPresent()) {
            throw ApiException.conflict("a policy named " + spec.name() + " exists");
        }
        var p = server.policies.create(spec.name(), spec, "false");
        server.audit.append(Requests.principal(ctx).user(), "policy.create", "policy/" + p.id(), Map.of("spec", spec));
        scheduler.tick();
        ctx.status(201).json(view(p));
    }

    private void update(Context ctx) {
        var old = find(ctx.pathParam("id"));
        PolicySpec spec = checked(Requests.body(ctx, PolicySpec.class));
        var p = server.policies.update(old.id(), spec.name(), spec).orElseThrow(() -> ApiException.notFound("policy"));
        if (!old.spec().stages().equals(spec.stages())) {
            scheduler.schedules().reset(p.id());
        }
        server.audit.append(Requests.principal(ctx).user(), "policy.update", "policy/" + p.id(), Map.of("spec", spec));
        scheduler.tick();
        ctx.json(view(p));
    }

    private void delete(Context ctx) {
        var p = find(ctx.pathParam("id"));
        server.policies.delete(p.id());
        scheduler.schedules().reset(p.id());
        server.audit.append(
                Requests.principal(ctx).user(), "policy.delete", "policy/" + p.id(), Map.of("name", p.name()));
        ctx.status(204);
    }

    private void paused(Context ctx, boolean paused) {
        var p = find(ctx.pathParam("id"));
        var updated = server.policies.setExtra(p.id(), Boolean.toString(paused)).orElseThrow();
        if (!paused) {
            scheduler.schedules().reset(p.id()); // resume from now: no burst of runs missed while paused
        }
        server.audit.append(
                Requests.principal(ctx).user(),
                paused ? "policy.pause" : "policy.resume",
                "policy/" + p.id(),
                Map.of("name", p.name()));
        ctx.json(view(updated));
    }

    private void run(Context ctx) {
        var p = find(ctx.pathParam("id"));
        RunRequest req = ctx.body().isBlank() ? new RunRequest(null) : Requests.body(ctx, RunRequest.class);
        List<StageSpec> stages = new ArrayList<>();
        if (req.stage() != null) {
            stages.add(p.spec().stages().stream()
                    .filter(s -> s.stageName().equals(req.stage()))
                    .findFirst()
                    .orElseThrow(() ->
                            ApiException.invalid("stage", "policy " + p.name() + " has no stage " + req.stage())));
        } else {
            p.spec().stages().stream().filter(s -> s.type().equals("backup")).forEach(stages::add);
        }
        String user = Requests.principal(ctx).user();
        List<Jobs.Job> jobs = new ArrayList<>();
        for (StageSpec s : stages) {
            jobs.addAll(scheduler.fire(p, s, user, server.clock.instant()));
        }
        server.audit.append(
                user,
                "policy.run",
                "policy/" + p.id(),
                Map.of(
                        "stages",
                        stages.stream().map(StageSpec::stageName).toList(),
                        "jobs",
                        jobs.stream().map(Jobs.Job::id).toList()));
        ctx.status(202).json(jobs);
    }
}
