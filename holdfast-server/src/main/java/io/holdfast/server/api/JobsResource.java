package io.holdfast.server.api;

import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.JobState;
import io.holdfast.server.catalog.Jobs;
import io.holdfast.server.security.Permission;
import io.javalin.http.Context;
import java.util.Map;

/** {@code /api/v1/jobs}: jobs with their progress, results and logs; cancel. */
final class JobsResource implements Routes.Resource {
    private final ServerContext server;

    JobsResource(ServerContext server) {
        this.server = server;
    }

    @Override
    public void register(Routes r) {
        r.get(
                "/api/v1/jobs",
                Permission.JOB_READ,
                "List jobs, newest first (state, policy, kind, before and beforeId of the last job seen, limit)",
                ctx -> ctx.json(server.jobs.list(
                        ctx.queryParam("state"),
                        ctx.queryParam("policy"),
                        ctx.queryParam("kind"),
                        Requests.longQuery(ctx, "before"),
                        ctx.queryParam("beforeId"),
                        Requests.intQuery(ctx, "limit", 100))));
        r.get(
                "/api/v1/jobs/{id}",
                Permission.JOB_READ,
                "One job with its progress (rate, ETA) and result",
                ctx -> ctx.json(find(ctx.pathParam("id"))));
        r.get("/api/v1/jobs/{id}/logs", Permission.JOB_READ, "A job's log lines after line 'after'", ctx -> {
            Jobs.Job j = find(ctx.pathParam("id"));
            ctx.json(server.jobs.logs(j.id(), Requests.intQuery(ctx, "after", 0)));
        });
        r.post("/api/v1/jobs/{id}/cancel", Permission.JOB_CANCEL, "Cancel a queued or running job", this::cancel);
    }

    private Jobs.Job find(String id) {
        return server.jobs.get(id).orElseThrow(() -> ApiException.notFound("job " + id));
    }

    private void cancel(Context ctx) {
        Jobs.Job j = find(ctx.pathParam("id"));
        if (j.jobState().finished()) {
            throw ApiException.conflict("job " + j.id() + " has finished (" + j.state() + ")");
        }
        server.jobs.requestCancel(j.id());
        if (j.jobState() == JobState.QUEUED) {
            server.jobs.finish(j.id(), JobState.CANCELLED, null, "cancelled before it started");
        }
        server.audit.append(Requests.principal(ctx).user(), "job.cancel", "job/" + j.id(), Map.of("kind", j.kind()));
        ctx.status(202).json(find(j.id()));
    }
}
