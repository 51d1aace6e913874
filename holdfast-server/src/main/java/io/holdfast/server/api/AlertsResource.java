package io.holdfast.server.api;

import io.holdfast.server.ServerContext;
import io.holdfast.server.alerting.Alerting;
import io.holdfast.server.catalog.Alerts;
import io.holdfast.server.catalog.Webhooks;
import io.holdfast.server.security.Permission;
import io.javalin.http.Context;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code /api/v1/alerts}, {@code /api/v1/compliance} and {@code /api/v1/webhooks}. */
final class AlertsResource implements Routes.Resource {
    /** The body of an acknowledgement. */
    record AckRequest(@Nullable String note) {}

    /** The body of a new webhook; events default to every alert event. */
    record WebhookRequest(
            String url, String secret, @Nullable List<String> events) {}

    private final ServerContext server;
    private final Alerting alerting;

    AlertsResource(ServerContext server, Alerting alerting) {
        this.server = server;
        this.alerting = alerting;
    }

    @Override
    public void register(Routes r) {
        r.get(
                "/api/v1/alerts",
                Permission.ALERT_READ,
                "Alerts, newest first (state: open, acknowledged, resolved," + " active; before; limit)",
                ctx -> ctx.json(server.alerts.list(
                        ctx.queryParam("state"),
                        Requests.longQuery(ctx, "before"),
                        Requests.intQuery(ctx, "limit", 100))));
        r.post("/api/v1/alerts/{id}/ack", Permission.ALERT_ACK, "Acknowledge an open alert with a note", this::ack);
        r.get(
                "/api/v1/compliance",
                Permission.ALERT_READ,
                "Per policy and asset: RPO, copies and locations, last" + " backup, verify and drill, status",
                ctx -> ctx.json(alerting.check()));
        r.get(
                "/api/v1/webhooks",
                Permission.WEBHOOK_READ,
                "List webhooks (never their secrets)",
                ctx -> ctx.json(server.webhooks.list()));
        r.post(
                "/api/v1/webhooks",
                Permission.WEBHOOK_WRITE,
                "Add a webhook: alerts POSTed as HMAC-SHA256-signed JSON",
                this::createWebhook);
        r.delete("/api/v1/webhooks/{id}", Permission.WEBHOOK_WRITE, "Remove a webhook", ctx -> {
            if (!server.webhooks.delete(ctx.pathParam("id"))) {
                throw ApiException.notFound("webhook " + ctx.pathParam("id"));
            }
            server.audit.append(
                    Requests.principal(ctx).user(), "webhook.delete", "webhook/" + ctx.pathParam("id"), Map.of());
            ctx.status(204);
        });
    }

    private void ack(Context ctx) {
        AckRequest req = ctx.body().isBlank() ? new AckRequest(null) : Requests.body(ctx, AckRequest.class);
        String note = req.note() == null ? "" : req.note();
        String user = Requests.principal(ctx).user();
        Alerts.Alert a = server.alerts
                .acknowledge(ctx.pathParam("id"), user, note)
                .orElseThrow(() -> server.alerts
                        .get(ctx.pathParam("id"))
                        .<ApiException>map(x -> ApiException.conflict("alert " + x.id() + " is " + x.state()))
                        .orElseGet(() -> ApiException.notFound("alert " + ctx.pathParam("id"))));
        server.audit.append(user, "alert.ack", "alert/" + a.id(), Map.of("kind", a.kind(), "note", note));
        ctx.json(a);
    }

    private void createWebhook(Context ctx) {
        WebhookRequest req = Requests.body(ctx, WebhookRequest.class);
        URI uri;
        try {
            uri = URI.create(req.url() == null ? "" : req.url());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("url", "not a URL");
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw ApiException.invalid("url", "give an http:// or https:// URL");
        }
        if (req.secret() == null || req.secret().length() < 16) {
            throw ApiException.invalid("secret", "give a signing secret of at least 16 characters");
        }
        List<String> events = req.events() == null || req.events().isEmpty()
                ? List.of("alert.raised", "alert.resolved")
                : req.events();
        Webhooks.Webhook w = server.webhooks.create(req.url(), req.secret(), events);
        server.audit.append(
                Requests.principal(ctx).user(),
                "webhook.create",
                "webhook/" + w.id(),
                Map.of("url", w.url(), "events", events));
        ctx.status(201).json(w);
    }
}
