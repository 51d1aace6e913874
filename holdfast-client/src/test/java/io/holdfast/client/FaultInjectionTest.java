package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.storage.Backend;
import io.holdfast.storage.Fault;
import io.holdfast.storage.FaultInjectingBackend;
import io.holdfast.storage.FaultInjectingBackend.Operation;
import io.holdfast.storage.FaultTrigger;
import io.holdfast.storage.FileType;
import io.holdfast.storage.RetryingBackend;
import io.holdfast.storage.Sleeper;
import io.holdfast.storage.local.LocalBackend;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Backups through a {@link FaultInjectingBackend} under a {@link RetryingBackend}, as the client facade runs them:
 * faults worth retrying are retried with exponential backoff and the backup succeeds; permanent ones (permission, a
 * full disk) and faults that outlast the retries abort it without a snapshot. After every trial {@code check
 * --read-data} finds no error, every earlier snapshot restores byte-identically and the next backup succeeds.
 * Seeded: {@code -Dholdfast.faults.seed=N} replays a run, {@code -Dholdfast.faults.rounds=N} runs more trials.
 */
class FaultInjectionTest {
    static final long SEED = Long.getLong("holdfast.faults.seed", 0x5eedfa17L);
    static final int ROUNDS = Integer.getInteger("holdfast.faults.rounds", 2);
    static final Duration BASE_DELAY = Duration.ofMillis(4);
    static final Duration MAX_DELAY = Duration.ofMillis(200);
    static final int ATTEMPTS = 8;

    /** A fault plan: the rules, and whether a backup under them must succeed. */
    enum Plan {
        TRANSIENT_ERRORS(
                true,
                b -> b.inject(Operation.SAVE, sometimes(0.2), Fault.transientError())
                        .inject(Operation.LOAD, sometimes(0.1), Fault.transientError())
                        .inject(Operation.LIST, sometimes(0.1), Fault.transientError())
                        .inject(Operation.STAT, sometimes(0.1), Fault.transientError())),
        SHORT_WRITES(true, b -> b.inject(Operation.SAVE, sometimes(0.3), Fault.shortWrite())),
        LOST_REPLIES(
                true,
                b -> b.inject(Operation.SAVE, sometimes(0.25), Fault.failAfterSuccess())
                        .inject(Operation.REMOVE, sometimes(0.5), Fault.failAfterSuccess())
                        .inject(Operation.LOAD, sometimes(0.1), Fault.failAfterSuccess())),
        LATENCY_SPIKES(
                true,
                b -> b.inject(Operation.SAVE, sometimes(0.2), Fault.latency(Duration.ofMillis(25)))
                        .inject(Operation.LOAD, sometimes(0.05), Fault.latency(Duration.ofMillis(25)))),
        BRIEF_OUTAGE(true, b -> b.inject(Operation.SAVE, FaultTrigger.firstCalls(5), Fault.transientError())),
        EVERYTHING_AT_ONCE(
                true,
                b -> b.inject(Operation.SAVE, sometimes(0.1), Fault.shortWrite())
                        .inject(Operation.SAVE, sometimes(0.1), Fault.failAfterSuccess())
                        .inject(Operation.SAVE, sometimes(0.1), Fault.latency(Duration.ofMillis(5)))
                        .inject(Operation.LOAD, sometimes(0.05), Fault.transientError())
                        .inject(Operation.LIST, sometimes(0.1), Fault.transientError())),
        PERMISSION_DENIED_ON_PACK(
                false, b -> b.inject(Operation.SAVE, FileType.PACK, FaultTrigger.onCalls(2), Fault.permanentError())),
        DISK_FULL_ON_PACKS(
                false, b -> b.inject(Operation.SAVE, FileType.PACK, (call, r) -> call >= 2, Fault.fullDisk())),
        DISK_FULL_ON_INDEX(
                false, b -> b.inject(Operation.SAVE, FileType.INDEX, FaultTrigger.always(), Fault.fullDisk())),
        DISK_FULL_ON_SNAPSHOT(
                false, b -> b.inject(Operation.SAVE, FileType.SNAPSHOT, FaultTrigger.always(), Fault.fullDisk())),
        ERRORS_OUTLAST_RETRIES(
                false, b -> b.inject(Operation.SAVE, FileType.PACK, FaultTrigger.always(), Fault.transientError()));

        final boolean survivable;
        final UnaryOperator<FaultInjectingBackend.Builder> rules;

        Plan(boolean survivable, UnaryOperator<FaultInjectingBackend.Builder> rules) {
            this.survivable = survivable;
            this.rules = rules;
        }
    }

    /** Strikes the first call a rule matches, so that every trial has a fault, then each with probability {@code p}. */
    static FaultTrigger sometimes(double p) {
        FaultTrigger random = FaultTrigger.withProbability(p);
        return (call, rnd) -> call == 1 || random.fires(call, rnd);
    }

    /** Records the waits between retries instead of spending them. */
    static final class Waits implements Sleeper {
        final List<Duration> waits = new ArrayList<>();

        @Override
        public synchronized void sleep(Duration d) {
            waits.add(d);
        }

        synchronized List<Duration> all() {
            return List.copyOf(waits);
        }
    }

    @TempDir
    Path tmp;

    Path src;
    Path repo;
    History history;

    @BeforeEach
    void firstBackup() throws IOException {
        src = TestData.sourceTree(tmp.resolve("src"), SEED, 1 << 20);
        repo = tmp.resolve("repo");
        Holdfast.init(repo.toString(), History.PASSWORD, InitOptions.DEFAULTS, History.OPTIONS)
                .close();
        history = new History(repo, src, tmp);
        history.cleanBackup();
    }

    @ParameterizedTest
    @EnumSource(Plan.class)
    void repositorySurvivesEveryTrial(Plan plan) throws IOException {
        long injected = 0;
        long retries = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long seed = SEED + plan.ordinal() * 1000L + round;
            String trial = plan + " round " + round + " (seed " + seed + ")";
            Random rnd = new Random(seed);
            Workload.change(src, rnd, (5 << 19) + rnd.nextInt(3 << 19));
            FaultInjectingBackend faulty = plan.rules
                    .apply(FaultInjectingBackend.builder(LocalBackend.open(repo))
                            .seed(seed))
                    .build();
            Waits waits = new Waits();
            Backend backend = RetryingBackend.builder(faulty)
                    .maxAttempts(ATTEMPTS)
                    .baseDelay(BASE_DELAY)
                    .maxDelay(MAX_DELAY)
                    .sleeper(waits)
                    .seed(seed)
                    .build();
            BackupResult result = null;
            IOException failure = null;
            try (Holdfast h = Holdfast.open(backend, History.PASSWORD, History.OPTIONS, false)) {
                result = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
            } catch (IOException e) {
                failure = e;
            }
            assertThat(faulty.injectedFaults())
                    .as("faults injected in %s", trial)
                    .isPositive();
            if (plan.survivable) {
                assertThat(failure).as("backup under %s", trial).isNull();
                assertThat(result).isNotNull();
                assertThat(result.errors()).isEmpty();
                history.record(result.snapshotId());
            } else {
                assertThat(failure).as("backup under %s must fail", trial).isNotNull();
                assertFailure(plan, failure, waits.all());
            }
            assertRetries(plan, faulty, waits.all(), trial);
            injected += faulty.injectedFaults();
            retries += waits.all().size();
            List<String> warnings = history.verifySurvived(trial);
            assertThat(warnings).allMatch(w -> w.contains("not referenced in any index"));
        }
        System.out.printf(
                "fault plan %s: %d trials survived, %d faults injected, %d retries, seed %d%n",
                plan, ROUNDS, injected, retries, SEED);
    }

    private static void assertRetries(Plan plan, FaultInjectingBackend faulty, List<Duration> waits, String trial) {
        assertThat(waits)
                .as("waits in %s", trial)
                .allSatisfy(w -> assertThat(w).isBetween(BASE_DELAY.dividedBy(2), MAX_DELAY));
        switch (plan) {
            case TRANSIENT_ERRORS, SHORT_WRITES ->
                // every injected fault surfaced as an IOException and was retried once after a wait
                assertThat(waits).as("one retry per fault in %s", trial).hasSize((int) faulty.injectedFaults());
            case LOST_REPLIES ->
                // as above, except that a retried remove finds the file gone, which preempts a second lost reply
                assertThat(waits.size()).as("retries in %s", trial).isBetween(1, (int) faulty.injectedFaults());
            case LATENCY_SPIKES,
                    PERMISSION_DENIED_ON_PACK,
                    DISK_FULL_ON_PACKS,
                    DISK_FULL_ON_INDEX,
                    DISK_FULL_ON_SNAPSHOT ->
                assertThat(waits).as("no retries in %s", trial).isEmpty();
            case BRIEF_OUTAGE -> {
                // the first save (the lock file) failed five times: waits double from the base delay, less jitter
                assertThat(waits).as("backoff in %s", trial).hasSize(5);
                for (int i = 0; i < 5; i++) {
                    Duration full = BASE_DELAY.multipliedBy(1L << i);
                    assertThat(waits.get(i)).isBetween(full.dividedBy(2), full);
                }
            }
            default -> {}
        }
    }

    private static void assertFailure(Plan plan, IOException failure, List<Duration> waits) {
        switch (plan) {
            case PERMISSION_DENIED_ON_PACK ->
                assertThat(cause(failure, AccessDeniedException.class)).isNotNull();
            case DISK_FULL_ON_PACKS, DISK_FULL_ON_INDEX, DISK_FULL_ON_SNAPSHOT -> {
                assertThat(failure).hasMessageContaining("No space left on device");
                assertThat(RetryingBackend.isPermanent(failure)).isTrue();
            }
            case ERRORS_OUTLAST_RETRIES -> {
                assertThat(failure).hasMessageContaining("injected transient fault");
                assertThat(failure.getSuppressed()).hasSize(ATTEMPTS - 1);
                assertThat(waits.size()).isGreaterThanOrEqualTo(ATTEMPTS - 1);
            }
            default -> throw new AssertionError(plan + " should have survived");
        }
    }

    private static @Nullable Throwable cause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }
}
