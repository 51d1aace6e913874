package io.holdfast.server.alerting;

import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.Ids;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.catalog.Webhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Delivers events to webhooks: a JSON POST with {@code X-Holdfast-Event}, {@code X-Holdfast-Delivery} (an id, the
 * same on every retry) and {@code X-Holdfast-Signature: sha256=HEX}, the HMAC-SHA256 of the body under the webhook's
 * secret. A delivery that gets no 2xx answer is retried with doubling back-off (from {@code --webhook-backoff}, 1 s by
 * default), up to 6 attempts; then it is given up and audited.
 */
public final class Notifier implements AutoCloseable {
    static final int MAX_ATTEMPTS = 6;

    private final ServerContext server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final DelayQueue<Delivery> queue = new DelayQueue<>();
    private volatile boolean stopping;
    private @Nullable Thread loop;

    /** One delivery attempt, due at {@code dueNanos}. */
    private record Delivery(
            Webhooks.Endpoint endpoint, String id, String event, String body, int attempt, long dueNanos)
            implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(dueNanos, ((Delivery) o).dueNanos);
        }
    }

    public Notifier(ServerContext server) {
        this.server = server;
    }

    public void start() {
        loop = Thread.ofPlatform().name("holdfast-webhooks").daemon(true).start(() -> {
            while (!stopping) {
                try {
                    deliver(queue.take());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.err.println("holdfast server: webhooks: " + e);
                }
            }
        });
    }

    /** Sends {@code payload} as event {@code event} to every webhook that asked for it (or for {@code *}). */
    public void publish(String event, Object payload) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("at", server.clock.millis());
        body.put("data", payload);
        String json = Json.write(body);
        for (Webhooks.Endpoint e : server.webhooks.endpoints()) {
            if (e.events().contains(event) || e.events().contains("*")) {
                queue.add(new Delivery(e, Ids.next(), event, json, 1, System.nanoTime()));
            }
        }
    }

    private void deliver(Delivery d) {
        int status = -1;
        String problem;
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(d.endpoint().url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "holdfast-server")
                    .header("X-Holdfast-Event", d.event())
                    .header("X-Holdfast-Delivery", d.id())
                    .header(
                            "X-Holdfast-Signature",
                            "sha256=" + sign(d.endpoint().secret(), d.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(d.body()))
                    .build();
            status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                server.metrics
                        .counter("holdfast_webhook_deliveries", "result", "delivered")
                        .increment();
                return;
            }
            problem = "answered " + status;
        } catch (java.io.IOException | IllegalArgumentException e) {
            problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (d.attempt() < MAX_ATTEMPTS && !stopping) {
            server.metrics
                    .counter("holdfast_webhook_deliveries", "result", "retried")
                    .increment();
            long wait = server.options.webhookBackoff().toNanos() << (d.attempt() - 1);
            queue.add(
                    new Delivery(d.endpoint(), d.id(), d.event(), d.body(), d.attempt() + 1, System.nanoTime() + wait));
        } else {
            server.metrics
                    .counter("holdfast_webhook_deliveries", "result", "failed")
                    .increment();
            server.audit.append(
                    "system",
                    "webhook.failed",
                    "webhook/" + d.endpoint().id(),
                    Map.of(
                            "event",
                            d.event(),
                            "delivery",
                            d.id(),
                            "attempts",
                            d.attempt(),
                            "problem",
                            problem,
                            "status",
                            status));
        }
    }

    /** HMAC-SHA256 of {@code body} under {@code secret}, in hex. */
    public static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public int pending() {
        return queue.size();
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        Thread t = loop;
        if (t != null) {
            t.interrupt();
            t.join(5000);
        }
    }
}
