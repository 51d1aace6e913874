package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.ForgetOptions;
import io.holdfast.engine.ForgetPolicy;
import io.holdfast.engine.RestoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code forget --prune}: the data only forgotten snapshots used leaves the repository; the rest stays intact. */
class ForgetPruneTest {
    @TempDir
    Path tmp;

    private static long packBytes(Path repo) throws IOException {
        try (Stream<Path> s = Files.walk(repo.resolve("data"))) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    @Test
    void forgetWithPruneRemovesTheDataOfTheForgottenSnapshots() throws Exception {
        Path src = TestData.sourceTree(tmp.resolve("src"), 11, 6 << 20);
        Path repo = tmp.resolve("repo");
        byte[] replaced = new byte[6 << 20];
        new Random(12).nextBytes(replaced);
        try (Holdfast h = Holdfast.init(
                repo.toString(), ResticInteropTest.PASSWORD, InitOptions.DEFAULTS, ResticInteropTest.FAST_KDF)) {
            h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
            Files.write(src.resolve("model.bin"), replaced); // the first snapshot's model.bin is now only there
            h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
        }
        long before = packBytes(repo);
        try (Holdfast h =
                Holdfast.open(repo.toString(), ResticInteropTest.PASSWORD, ResticInteropTest.FAST_KDF, false)) {
            ForgetResult r =
                    h.forget(ForgetOptions.of(ForgetPolicy.builder().keepLast(1).build()), true);
            assertThat(r.removed()).hasSize(1);
            assertThat(r.pruned()).isTrue();
            assertThat(h.snapshots()).hasSize(1);
            assertThat(h.check(CheckOptions.READ_DATA, BackupProgress.NONE).errors())
                    .isEmpty();
            Path target = tmp.resolve("restore");
            assertThat(h.restore("latest", target, RestoreOptions.DEFAULTS, BackupProgress.NONE)
                            .errors())
                    .isEmpty();
            TestData.assertSameTree(src, target.resolve(src.toString().substring(1)));
        }
        long after = packBytes(repo);
        // the old model.bin was 4 MiB of random data after 2 MiB that compress to almost nothing: those 4 MiB go
        assertThat(before - after).isGreaterThan(4L << 20);
    }
}
