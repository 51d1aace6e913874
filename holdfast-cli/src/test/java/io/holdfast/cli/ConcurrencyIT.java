package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.client.Holdfast;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two backups into one repository at the same time, each in its own process, with a {@code check --read-data}
 * running alongside: shared locks let them all run, both snapshots are complete, and the check, which lists files
 * in the reverse of the write order, finds no error. The sources share a file, so both writers store the same blobs.
 */
class ConcurrencyIT {
    static final String PASSWORD = "concurrent";
    static final int ROUNDS = 2;

    @TempDir
    Path tmp;

    @Test
    void twoBackupsAndACheckAtTheSameTime() throws Exception {
        CliProcess cli = new CliProcess(tmp);
        Path repo = tmp.resolve("repo");
        Map<String, String> env = Map.of("HOLDFAST_REPOSITORY", repo.toString(), "HOLDFAST_PASSWORD", PASSWORD);
        assertThat(cli.run(env, "init").exit()).isZero();
        Random rnd = new Random(42);
        byte[] shared = random(rnd, 6 << 20);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Map<String, Map<String, String>> expectedA = new LinkedHashMap<>();
        Map<String, Map<String, String>> expectedB = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Path src : List.of(a, b)) {
                Files.createDirectories(src);
                Files.write(src.resolve("shared.bin"), shared);
                Files.write(src.resolve("own-" + round + ".bin"), random(rnd, (4 << 20) + rnd.nextInt(4 << 20)));
            }
            List<Process> running = new ArrayList<>();
            running.add(cli.start(env, out("a", round), err("a", round), "--json", "backup", a.toString()));
            running.add(cli.start(env, out("b", round), err("b", round), "--json", "backup", b.toString()));
            Thread.sleep(300);
            running.add(cli.start(env, out("check", round), err("check", round), "check", "--read-data"));
            for (Process p : running) {
                assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            }
            String context = "round " + round;
            expectedA.put(Survival.snapshotId(finished(running.get(0), "a", round)), Survival.describe(a));
            expectedB.put(Survival.snapshotId(finished(running.get(1), "b", round)), Survival.describe(b));
            Survival.assertCheckClean(finished(running.get(2), "check", round), "check alongside, " + context);
        }
        CliProcess.Result check = cli.run(env, "check", "--read-data");
        assertThat(Survival.assertCheckClean(check, "check afterwards")).isEmpty();
        try (Holdfast h = Survival.open(repo, PASSWORD)) {
            assertThat(Survival.snapshots(h))
                    .containsExactlyInAnyOrderElementsOf(concat(expectedA.keySet(), expectedB.keySet()));
            Survival.assertRestores(h, expectedA, a, tmp, "source a");
            Survival.assertRestores(h, expectedB, b, tmp, "source b");
        }
        ResticCheck.assertClean(repo, PASSWORD);
    }

    private Path out(String name, int round) {
        return tmp.resolve(name + "-" + round + ".out");
    }

    private Path err(String name, int round) {
        return tmp.resolve(name + "-" + round + ".err");
    }

    private CliProcess.Result finished(Process p, String name, int round) throws Exception {
        CliProcess.Result r = new CliProcess.Result(
                p.exitValue(), Files.readString(out(name, round)), Files.readString(err(name, round)));
        assertThat(r.exit()).as("%s in round %d: %s", name, round, r.err()).isZero();
        return r;
    }

    private static List<String> concat(java.util.Collection<String> x, java.util.Collection<String> y) {
        List<String> all = new ArrayList<>(x);
        all.addAll(y);
        return all;
    }

    private static byte[] random(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
