package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash harness: runs the packaged Holdfast as a separate process and kills it with SIGKILL ({@link
 * Process#destroyForcibly} on Linux) at a random moment, then checks that the repository survived: {@code check
 * --read-data} finds no error (unreferenced packs and the killed process's stale lock are only warnings), the stale
 * lock blocks nothing, every earlier snapshot restores byte-identically, and the next backup succeeds.
 *
 * <p>Seeded ({@code -Dholdfast.crash.seed=N} replays a run; the seed is printed); {@code -Dholdfast.crash.trials=N}
 * sets the number of trials, 10 by default and 200 with {@code -Pstress}. A new repository is started every {@value
 * #TRIALS_PER_REPOSITORY} trials so that each trial costs about the same.
 */
class CrashIT {
    static final int TRIALS = Integer.getInteger("holdfast.crash.trials", 10);
    static final long SEED = Long.getLong("holdfast.crash.seed", System.currentTimeMillis());
    static final int TRIALS_PER_REPOSITORY = 10;

    /** The commands that get killed, one drawn per trial. */
    static final List<CrashOperation> OPERATIONS =
            List.of(CrashOperation.BACKUP, CrashOperation.FORGET, CrashOperation.PRUNE);

    @TempDir
    Path tmp;

    @Test
    void killedAtRandomMomentsTheRepositorySurvives() throws Exception {
        System.out.printf("crash harness: %d trials of %s, seed %d%n", TRIALS, OPERATIONS, SEED);
        CliProcess cli = new CliProcess(tmp);
        Random rnd = new Random(SEED);
        Map<CrashState.Outcome, Integer> outcomes = new EnumMap<>(CrashState.Outcome.class);
        Map<String, Integer> byCommand = new TreeMap<>();
        int survived = 0;
        CrashState state = null;
        for (int trial = 0; trial < TRIALS; trial++) {
            if (trial % TRIALS_PER_REPOSITORY == 0) {
                state = CrashState.start(cli, tmp.resolve("repository-" + trial / TRIALS_PER_REPOSITORY), rnd);
                System.out.printf("new repository; a backup holds the lock for %d ms%n", state.lockedMillis());
            }
            CrashOperation op = OPERATIONS.get(rnd.nextInt(OPERATIONS.size()));
            String context = "trial " + trial + " (seed " + SEED + ")";
            CrashState.Outcome outcome = state.trial(op, rnd, context);
            outcomes.merge(outcome, 1, Integer::sum);
            byCommand.merge(op + " " + outcome, 1, Integer::sum);
            survived++;
            System.out.printf("%s: %s survived (%s)%n", context, op, outcome);
        }
        System.out.printf(
                "crash trials: %d run, %d survived; outcomes %s; seed %d%n", TRIALS, survived, outcomes, SEED);
        byCommand.forEach((k, n) -> System.out.printf("  %s: %d%n", k, n));
        // the harness must really interrupt runs, not only watch them finish
        assertThat(TRIALS - outcomes.getOrDefault(CrashState.Outcome.FINISHED_BEFORE_KILL, 0))
                .as("trials that killed a running process")
                .isPositive();
    }
}
