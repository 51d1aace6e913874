package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.holdfast.server.alerting.Alerting;
import io.holdfast.server.alerting.Compliance;
import io.holdfast.server.alerting.Notifier;
import io.holdfast.server.catalog.Copies;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.jobs.Sleeper;
import io.holdfast.server.policy.AssetSpec;
import io.holdfast.server.policy.PolicySpec;
import io.holdfast.server.policy.StageSpec;
import io.holdfast.server.security.Role;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts from failed jobs and missed RPOs, acknowledged with a note, delivered to a signed, retried webhook. */
class AlertsTest {
    @TempDir
    Path dir;

    /** What the local receiver got. */
    record Received(String delivery, String event, String signature, String body) {}

    @Test
    void aFailedBackupRaisesAnAlertThatReachesTheWebhookSignedAndRetried() throws Exception {
        List<Received> got = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            got.add(new Received(
                    ex.getRequestHeaders().getFirst("X-Holdfast-Delivery"),
                    ex.getRequestHeaders().getFirst("X-Holdfast-Event"),
                    ex.getRequestHeaders().getFirst("X-Holdfast-Signature"),
                    body));
            int status = calls.incrementAndGet() <= 2 ? 503 : 204; // the first two attempts fail
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        ServerOptions o = ServerOptions.defaults(dir.resolve("data")).withWebhookBackoff(Duration.ofMillis(50));
        try (TestServer s = new TestServer(o, Clock.systemUTC(), Sleeper.REAL)) {
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            var bad = s.admin("POST", "/api/v1/webhooks", "{\"url\":\"" + hook + "\",\"secret\":\"short\"}");
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.json().at("/error/field").asText()).isEqualTo("secret");
            assertThat(s.admin(
                                    "POST",
                                    "/api/v1/webhooks",
                                    "{\"url\":\"" + hook + "\",\"secret\":\"0123456789abcdef-secret\"}")
                            .status())
                    .isEqualTo(201);
            assertThat(s.admin("GET", "/api/v1/webhooks", null).body()).doesNotContain("0123456789abcdef-secret");
            s.admin(
                    "POST",
                    "/api/v1/targets",
                    "{\"name\":\"t\",\"location\":\"" + dir.resolve("repo") + "\",\"password\":\"pw\",\"init\":true}");
            s.admin("POST", "/api/v1/assets", "{\"name\":\"gone\",\"paths\":[\"" + dir.resolve("no-such-dir") + "\"]}");
            var p = s.admin(
                    "POST",
                    "/api/v1/policies",
                    "{\"name\":\"p\",\"assets\":[\"gone\"],\"target\":\"t\","
                            + "\"stages\":[{\"type\":\"backup\",\"cron\":\"0 2 * * *\"}]}");
            String pid = p.json().get("id").asText();
            s.admin("POST", "/api/v1/policies/" + pid + "/run", null);
            JsonNode alerts = poll(s, "/api/v1/alerts?state=open", a -> a.size() == 1);
            JsonNode alert = alerts.get(0);
            assertThat(alert.get("kind").asText()).isEqualTo("job.failed");
            assertThat(alert.get("message").asText()).contains("no-such-dir");

            Instant deadline = Instant.now().plusSeconds(30);
            while (calls.get() < 3 && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertThat(got).hasSize(3);
            assertThat(got.stream().map(Received::delivery).distinct()).hasSize(1);
            Received last = got.getLast();
            assertThat(last.event()).isEqualTo("alert.raised");
            assertThat(last.signature()).isEqualTo("sha256=" + Notifier.sign("0123456789abcdef-secret", last.body()));
            assertThat(Json.tree(last.body()).at("/data/id").asText())
                    .isEqualTo(alert.get("id").asText());

            JsonNode compliance = s.admin("GET", "/api/v1/compliance", null).json();
            assertThat(compliance.get(0).get("status").asText()).isEqualTo("failing");
            assertThat(compliance.get(0).get("reasons").toString()).contains("last backup failed");

            String id = alert.get("id").asText();
            assertThat(s.call("POST", "/api/v1/alerts/" + id + "/ack", s.tokens.get(Role.AUDITOR), "{}")
                            .status())
                    .isEqualTo(403);
            var acked = s.call(
                    "POST",
                    "/api/v1/alerts/" + id + "/ack",
                    s.tokens.get(Role.OPERATOR),
                    "{\"note\":\"source volume unmounted, remounting\"}");
            assertThat(acked.status()).isEqualTo(200);
            assertThat(acked.json().get("state").asText()).isEqualTo("acknowledged");
            assertThat(acked.json().get("ackBy").asText()).isEqualTo("operator");
            assertThat(s.admin("POST", "/api/v1/alerts/" + id + "/ack", "{}").status())
                    .isEqualTo(409);
            assertThat(s.admin("GET", "/api/v1/audit?action=alert.*", null).body())
                    .contains("alert.ack")
                    .contains("alert.raise");
        } finally {
            receiver.stop(0);
        }
    }

    private static JsonNode poll(TestServer s, String path, java.util.function.Predicate<JsonNode> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = s.admin("GET", path, null).json();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out: " + last);
    }

    @Test
    void aMissedRpoIsRaisedAndResolvedWhenACopyArrives() throws Exception {
        SchedulerTest.MovableClock clock = new SchedulerTest.MovableClock();
        ServerContext ctx = Server.open(ServerOptions.defaults(dir.resolve("data")), clock);
        try {
            String tid = ctx.targets
                    .create("t", dir.resolve("repo").toString(), "pw", Map.of())
                    .id();
            String aid = ctx.assets
                    .create("a", new AssetSpec("a", "paths", List.of("/d"), null, null, null, null, null), "paths")
                    .id();
            ctx.policies.create(
                    "p",
                    new PolicySpec(
                                    "p",
                                    List.of("a"),
                                    "t",
                                    List.of(new StageSpec("backup", null, "15m", null, null, null, null, null)))
                            .validated(),
                    "false");
            Alerting alerting = new Alerting(ctx, new Notifier(ctx));
            clock.advance(Duration.ofMinutes(16)); // within the 15 min objective plus its grace (1.5 min)
            assertThat(alerting.check().getFirst().rpoMet()).isTrue();
            assertThat(ctx.alerts.list("open", null, 10)).isEmpty();
            clock.advance(Duration.ofMinutes(1));
            Compliance.AssetCompliance c = alerting.check().getFirst();
            assertThat(c.rpoMet()).isFalse();
            assertThat(c.status()).isEqualTo("at-risk");
            assertThat(ctx.alerts.list("open", null, 10))
                    .extracting(a -> a.kind())
                    .containsExactly("rpo.missed");
            alerting.check(); // still missed: the same alert, not a second one
            assertThat(ctx.alerts.list("active", null, 10)).hasSize(1);
            ctx.copies.add(new Copies.Copy(
                    tid,
                    "ab".repeat(32),
                    clock.millis(),
                    "h",
                    List.of("/d"),
                    List.of("asset:" + aid),
                    aid,
                    "cd".repeat(32),
                    "holdfast",
                    null));
            assertThat(alerting.check().getFirst().status()).isEqualTo("protected");
            assertThat(ctx.alerts.list("active", null, 10)).isEmpty();
            assertThat(ctx.alerts.list("resolved", null, 10)).hasSize(1);
            assertThat(ctx.metrics.scrape()).contains("holdfast_asset_compliant{asset=\"a\",policy=\"p\"} 1.0");
        } finally {
            ctx.catalog.close();
        }
    }

    @Test
    void aLockStageThatStopsSucceedingRaisesLockExpiring() throws Exception {
        SchedulerTest.MovableClock clock = new SchedulerTest.MovableClock();
        ServerContext ctx = Server.open(ServerOptions.defaults(dir.resolve("data")), clock);
        try {
            String tid = ctx.targets
                    .create("t", "s3:http://127.0.0.1:1/b", "pw", Map.of())
                    .id();
            ctx.assets.create("a", new AssetSpec("a", "paths", List.of("/d"), null, null, null, null, null), "paths");
            String pid = ctx.policies
                    .create(
                            "p",
                            new PolicySpec(
                                            "p",
                                            List.of("a"),
                                            "t",
                                            List.of(new StageSpec(
                                                    "lock", null, null, "0 5 * * *", null, null, null, null)))
                                    .validated(),
                            "false")
                    .id();
            var job = ctx.jobs.queue(new io.holdfast.server.catalog.Jobs.NewJob(
                    "lock",
                    pid,
                    "lock",
                    null,
                    tid,
                    Map.of("targetId", tid, "subset", ""),
                    clock.millis(),
                    "system",
                    1,
                    null));
            assertThat(ctx.jobs.claim(job.id(), "test")).isTrue();
            ctx.jobs.finish(
                    job.id(),
                    io.holdfast.server.catalog.JobState.SUCCEEDED,
                    Map.of("relocked", 10, "mode", "compliance", "days", 30, "generationDays", 3),
                    null);
            Alerting alerting = new Alerting(ctx, new Notifier(ctx));
            clock.advance(Duration.ofDays(26));
            alerting.check();
            assertThat(ctx.alerts.list("active", null, 10))
                    .extracting(a -> a.kind())
                    .doesNotContain("lock.expiring");
            clock.advance(Duration.ofDays(2)); // 28 days: past 30 - 3
            alerting.check();
            assertThat(ctx.alerts.list("active", null, 10))
                    .extracting(a -> a.kind())
                    .contains("lock.expiring");
        } finally {
            ctx.catalog.close();
        }
    }
}
