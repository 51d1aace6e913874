package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.server.catalog.JobState;
import io.holdfast.server.catalog.Jobs;
import io.holdfast.server.jobs.Scheduler;
import io.holdfast.server.jobs.Sleeper;
import io.holdfast.server.policy.AssetSpec;
import io.holdfast.server.policy.PolicySpec;
import io.holdfast.server.policy.StageSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler's rules, on an injected clock: fire once per due run, at most one catch-up, no pile-up. */
class SchedulerTest {
    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-05T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @TempDir
    Path dir;

    final MovableClock clock = new MovableClock();
    ServerContext ctx;
    Scheduler scheduler;
    String policyId;

    @BeforeEach
    void setUp() throws Exception {
        ctx = Server.open(ServerOptions.defaults(dir), clock);
        ctx.targets.create("t", dir.resolve("repo").toString(), "pw", Map.of());
        AssetSpec a = new AssetSpec("a", "paths", List.of("/data"), null, null, null, null, null);
        ctx.assets.create("a", a, "paths");
        PolicySpec p = new PolicySpec(
                "p", List.of("a"), "t", List.of(new StageSpec("backup", null, "1m", null, null, null, null, null)));
        policyId = ctx.policies.create("p", p.validated(), "false").id();
        scheduler = new Scheduler(ctx, Sleeper.REAL);
    }

    @AfterEach
    void tearDown() {
        ctx.catalog.close();
    }

    private List<Jobs.Job> jobs() {
        return ctx.jobs.list(null, policyId, null, null, 1000);
    }

    private void finishAll() {
        for (Jobs.Job j : jobs()) {
            ctx.jobs.finish(j.id(), JobState.SUCCEEDED, null, null);
        }
    }

    @Test
    void firesOncePerIntervalAndNeverTwiceForOneRun() {
        scheduler.tick(); // makes the schedule
        assertThat(jobs()).isEmpty();
        for (int minute = 1; minute <= 10; minute++) {
            clock.advance(Duration.ofMinutes(1));
            scheduler.tick();
            scheduler.tick(); // a second look in the same instant fires nothing more
            assertThat(jobs()).as("after minute " + minute).hasSize(minute);
            finishAll();
        }
    }

    @Test
    void runsMissedWhileDownGiveOneCatchUpRun() {
        scheduler.tick();
        clock.advance(Duration.ofMinutes(1));
        scheduler.tick();
        assertThat(jobs()).hasSize(1);
        finishAll();
        clock.advance(Duration.ofMinutes(45)); // the server was down for 45 runs
        scheduler.tick();
        assertThat(jobs()).hasSize(2);
        finishAll();
        long next = scheduler.schedules().get(policyId, "backup").orElseThrow().nextAt();
        assertThat(next).isGreaterThan(clock.millis()).isLessThanOrEqualTo(clock.millis() + 60_000);
        scheduler.tick();
        assertThat(jobs()).hasSize(2);
    }

    @Test
    void aRunStillQueuedOrRunningIsNotDoubled() {
        scheduler.tick();
        clock.advance(Duration.ofMinutes(1));
        scheduler.tick();
        clock.advance(Duration.ofMinutes(1));
        scheduler.tick(); // the first run has not finished: skipped
        assertThat(jobs()).hasSize(1);
        assertThat(ctx.metrics.get("holdfast_runs_skipped").counter().count()).isEqualTo(1.0);
        finishAll();
        clock.advance(Duration.ofMinutes(1));
        scheduler.tick();
        assertThat(jobs()).hasSize(2);
    }

    @Test
    void aPausedPolicyDoesNotFire() {
        scheduler.tick();
        ctx.policies.setExtra(policyId, "true");
        clock.advance(Duration.ofMinutes(5));
        scheduler.tick();
        assertThat(jobs()).isEmpty();
    }
}
