package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.server.catalog.Jobs;
import io.holdfast.server.jobs.Sleeper;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load target of issue 18: 200 policies with one-minute backup schedules on local targets for 10 minutes
 * ({@code -Dholdfast.load.minutes}), while a client sends 100 API requests a second (open loop: requests are sent on
 * schedule whether or not earlier ones have answered). Checks that no run was missed or doubled beyond the documented
 * rule and that the API's p95 stays at most 50 ms. Run: {@code ./mvnw -pl holdfast-server verify -Pload
 * -Dtest=ServerLoadTest}; figures in docs/benchmarks.md.
 */
@EnabledIfSystemProperty(named = "holdfast.load", matches = "true")
class ServerLoadTest {
    @TempDir
    Path dir;

    @Test
    void twoHundredMinutePoliciesAndAHundredRequestsASecond() throws Exception {
        int policies = Integer.getInteger("holdfast.load.policies", 200);
        int minutes = Integer.getInteger("holdfast.load.minutes", 10);
        try (TestServer s =
                new TestServer(ServerOptions.defaults(dir.resolve("data")), Clock.systemUTC(), Sleeper.REAL)) {
            List<String> policyIds = new ArrayList<>();
            for (int i = 0; i < policies; i++) {
                Path src = Files.createDirectories(dir.resolve("src/p" + i));
                for (int f = 0; f < 20; f++) {
                    Files.writeString(src.resolve("f" + f + ".txt"), ("policy " + i + " file " + f + "\n").repeat(40));
                }
                assertThat(s.admin(
                                        "POST",
                                        "/api/v1/targets",
                                        "{\"name\":\"t" + i + "\",\"location\":\"" + dir.resolve("repos/t" + i)
                                                + "\",\"password\":\"pw\",\"init\":true}")
                                .status())
                        .isEqualTo(201);
                assertThat(s.admin("POST", "/api/v1/assets", "{\"name\":\"a" + i + "\",\"paths\":[\"" + src + "\"]}")
                                .status())
                        .isEqualTo(201);
                var p = s.admin(
                        "POST",
                        "/api/v1/policies",
                        "{\"name\":\"p" + i + "\",\"assets\":[\"a" + i
                                + "\"],\"target\":\"t" + i + "\",\"stages\":[{\"type\":\"backup\",\"every\":\"1m\","
                                + "\"retention\":{\"keepLast\":5}}]}");
                assertThat(p.status()).isEqualTo(201);
                policyIds.add(p.json().get("id").asText());
            }
            long start = System.currentTimeMillis();
            long procCpu0 = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();

            HttpClient http = HttpClient.newBuilder()
                    .executor(Executors.newFixedThreadPool(8))
                    .build();
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            AtomicInteger errors = new AtomicInteger();
            AtomicInteger sent = new AtomicInteger();
            Random r = new Random(1);
            ScheduledExecutorService clientClock = Executors.newSingleThreadScheduledExecutor();
            String base = "http://127.0.0.1:" + s.server.port();
            clientClock.scheduleAtFixedRate(
                    () -> {
                        int k = r.nextInt(10);
                        String path = k < 4
                                ? "/api/v1/jobs?limit=20"
                                : k < 7
                                        ? "/api/v1/policies/" + policyIds.get(r.nextInt(policyIds.size()))
                                        : k < 9 ? "/api/v1/copies?limit=20" : "/api/v1/alerts?state=active";
                        long t0 = System.nanoTime();
                        sent.incrementAndGet();
                        http.sendAsync(
                                        HttpRequest.newBuilder(URI.create(base + path))
                                                .header("Authorization", "Bearer " + s.adminToken)
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .whenComplete((resp, err) -> {
                                    if (err != null || resp.statusCode() != 200) {
                                        errors.incrementAndGet();
                                    } else {
                                        latencies.add(System.nanoTime() - t0);
                                    }
                                });
                    },
                    0,
                    10,
                    TimeUnit.MILLISECONDS);
            Thread.sleep(Duration.ofMinutes(minutes).toMillis());
            clientClock.shutdownNow();
            long end = System.currentTimeMillis();
            long procCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime()
                    - procCpu0;
            Thread.sleep(2000);

            ServerContext ctx = s.server.context();
            int doubled = 0;
            int missed = 0;
            int runs = 0;
            List<Long> lags = new ArrayList<>();
            List<Long> durations = new ArrayList<>();
            Map<String, Integer> states = new HashMap<>();
            for (String pid : policyIds) {
                List<Jobs.Job> jobs = ctx.jobs.list(null, pid, "backup", null, 1000).stream()
                        .filter(j -> j.createdAt() >= start && j.createdAt() <= end && j.retryOf() == null)
                        .toList();
                Set<Long> slots = new HashSet<>();
                for (Jobs.Job j : jobs) {
                    slots.add(j.notBefore() / 60_000);
                    states.merge(j.state(), 1, Integer::sum);
                    if (j.startedAt() != null) {
                        lags.add(j.startedAt() - j.notBefore());
                        if (j.finishedAt() != null) {
                            durations.add(j.finishedAt() - j.startedAt());
                        }
                    }
                }
                runs += jobs.size();
                doubled += jobs.size() - slots.size();
                String name = ctx.policies.get(pid).orElseThrow().name();
                var skippedCounter = ctx.metrics
                        .find("holdfast_runs_skipped")
                        .tag("policy", name)
                        .counter();
                int skipped = skippedCounter == null ? 0 : (int) skippedCounter.count();
                // every whole minute of the window fires once: a run is missed if it neither ran nor was skipped
                long expected = (end - start) / 60_000;
                missed += (int) Math.max(0, expected - slots.size() - skipped);
            }
            long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            long[] lag = lags.stream().mapToLong(Long::longValue).sorted().toArray();
            long[] dur = durations.stream().mapToLong(Long::longValue).sorted().toArray();
            double skippedTotal = ctx.metrics.find("holdfast_runs_skipped").counters().stream()
                    .mapToDouble(c -> c.count())
                    .sum();
            System.out.printf(
                    "load: %d policies, %.1f min; %d backup runs %s, %d doubled, %d missed, %.0f skipped"
                            + " (previous run still queued or running); start lag p50 %d ms p95 %d ms; job p50 %d ms"
                            + " p95 %d ms; API %d requests (%.1f/s), %d errors, p50 %.1f ms p95 %.1f ms p99 %.1f ms;"
                            + " server CPU %.1f s of %.1f s wall (%.0f %% of one core)%n",
                    policies,
                    (end - start) / 60_000.0,
                    runs,
                    states,
                    doubled,
                    missed,
                    skippedTotal,
                    pct(lag, 50),
                    pct(lag, 95),
                    pct(dur, 50),
                    pct(dur, 95),
                    sent.get(),
                    sent.get() / ((end - start) / 1000.0),
                    errors.get(),
                    pct(lat, 50) / 1e6,
                    pct(lat, 95) / 1e6,
                    pct(lat, 99) / 1e6,
                    procCpu / 1e9,
                    (end - start) / 1000.0,
                    100.0 * procCpu / 1e6 / (end - start));
            assertThat(doubled).isZero();
            assertThat(missed).isZero();
            // skipping a run whose predecessor still runs is the documented rule, but with jobs of a fraction of a
            // second and one-minute schedules a healthy server skips (almost) none
            assertThat(skippedTotal).isLessThanOrEqualTo(0.01 * (runs + skippedTotal));
            assertThat(errors.get()).isZero();
            assertThat(pct(lat, 95) / 1e6).isLessThanOrEqualTo(50.0);
            JsonNode health = s.call("GET", "/healthz", null, null).json();
            assertThat(health.get("status").asText()).isEqualTo("ok");
        }
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }
}
