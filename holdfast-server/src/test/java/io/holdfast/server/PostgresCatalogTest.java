package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.server.catalog.Jobs;
import io.holdfast.server.jobs.Scheduler;
import io.holdfast.server.jobs.Sleeper;
import io.holdfast.server.policy.AssetSpec;
import io.holdfast.server.policy.PolicySpec;
import io.holdfast.server.policy.StageSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog on a real PostgreSQL 15: the same migrations, the API on it, and two server instances sharing it: a due
 * run fires once between them, and their audit rows form one unbroken chain.
 */
class PostgresCatalogTest {
    static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    private ServerOptions options(Path data) {
        return ServerOptions.defaults(data)
                .withCatalog(pg.url(), "holdfast", "")
                .withMasterKey(dir.resolve("master.key"));
    }

    @Test
    void theApiAndTwoInstancesShareOneCatalog() throws Exception {
        SchedulerTest.MovableClock clock = new SchedulerTest.MovableClock();
        try (TestServer server = new TestServer(options(dir.resolve("a")), clock, d -> Thread.sleep(d.toMillis()))) {
            server.server.scheduler().close(); // the test drives the schedulers itself
            assertThat(server.admin("POST", "/api/v1/assets", "{\"name\":\"a\",\"paths\":[\"/data\"]}")
                            .status())
                    .isEqualTo(201);
            ServerContext one = server.server.context();
            one.targets.create("t", dir.resolve("repo").toString(), "pw", Map.of());
            var bad = server.admin(
                    "POST",
                    "/api/v1/policies",
                    "{\"name\":\"p\",\"assets\":[\"nope\"],\"target\":\"t\",\"stages\":[{\"type\":\"backup\",\"every\":\"1m\"}]}");
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.json().at("/error/field").asText()).isEqualTo("assets[0]");
            String policyId = one.policies
                    .create(
                            "p",
                            new PolicySpec(
                                            "p",
                                            List.of("a"),
                                            "t",
                                            List.of(new StageSpec("backup", null, "1m", null, null, null, null, null)))
                                    .validated(),
                            "false")
                    .id();
            ServerContext two = Server.open(options(dir.resolve("b")), clock);
            try {
                Scheduler s1 = new Scheduler(one, Sleeper.REAL);
                Scheduler s2 = new Scheduler(two, Sleeper.REAL);
                s1.tick();
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    for (int run = 1; run <= 5; run++) {
                        clock.advance(Duration.ofMinutes(1));
                        CyclicBarrier together = new CyclicBarrier(2);
                        List<Future<?>> f = new ArrayList<>();
                        for (Scheduler s : List.of(s1, s2)) {
                            f.add(pool.submit(() -> {
                                together.await();
                                s.tick();
                                return null;
                            }));
                        }
                        for (Future<?> x : f) {
                            x.get();
                        }
                        List<Jobs.Job> jobs = one.jobs.list(null, policyId, null, null, 100);
                        assertThat(jobs).as("run " + run).hasSize(run);
                        jobs.forEach(j ->
                                one.jobs.finish(j.id(), io.holdfast.server.catalog.JobState.SUCCEEDED, null, null));
                    }
                } finally {
                    pool.shutdown();
                }
                List<Thread> writers = new ArrayList<>();
                for (ServerContext c : List.of(one, two)) {
                    writers.add(Thread.ofPlatform().start(() -> {
                        for (int i = 0; i < 25; i++) {
                            c.audit.append(c.node, "test.append", "x/" + i, Map.of());
                        }
                    }));
                }
                for (Thread t : writers) {
                    t.join();
                }
                var v = two.audit.verify();
                assertThat(v.ok()).as(String.valueOf(v.problem())).isTrue();
                assertThat(v.rows()).isGreaterThanOrEqualTo(50);
            } finally {
                two.catalog.close();
            }
        }
    }

    @Test
    void assetSpecRoundTripsThroughPostgres() throws Exception {
        ServerContext c = Server.open(options(dir.resolve("c")), java.time.Clock.systemUTC());
        try {
            AssetSpec spec = new AssetSpec(
                    "dump", "command", null, null, List.of("pg_dump", "-Fc"), "db.dump", null, List.of("db"));
            var stored = c.assets.create("dump-" + System.nanoTime(), spec.validated(), "command");
            assertThat(c.assets.get(stored.id()).orElseThrow().spec()).isEqualTo(spec);
        } finally {
            c.catalog.close();
        }
    }
}
