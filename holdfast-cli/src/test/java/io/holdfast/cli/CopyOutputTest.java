package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code copy} names each snapshot as restic does: Go's formatting of the paths and of the snapshot's time. */
class CopyOutputTest {
    @TempDir
    Path tmp;

    private TestCli ok(String repo, String... args) {
        TestCli c = new TestCli(Map.of(
                "HOLDFAST_PASSWORD",
                "pw",
                "HOLDFAST_REPOSITORY",
                tmp.resolve(repo).toString(),
                "HOLDFAST_FROM_PASSWORD",
                "pw",
                "HOLDFAST_FROM_REPOSITORY",
                tmp.resolve("src-repo").toString()));
        assertThat(c.run(args))
                .as("holdfast %s: %s", String.join(" ", args), c.err())
                .isZero();
        return c;
    }

    @Test
    void copyPrintsResticsSnapshotLine() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(a.resolve("x"), "x");
        ok("src-repo", "init");
        ok("src-repo", "backup", a.toString(), b.toString());
        ok("dst-repo", "init");

        String out = ok("dst-repo", "copy").out();

        // restic: "snapshot %s of %v at %s)": a Go []string and time.Time's String()
        assertThat(out)
                .containsPattern("copying snapshot [0-9a-f]{8} of \\[" + a + " " + b + "\\] at "
                        + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d*[1-9])? [+-]\\d{4} (UTC|[+-]\\d{4})\n");
    }
}
