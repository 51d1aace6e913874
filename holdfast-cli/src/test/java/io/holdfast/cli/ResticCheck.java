package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code restic check --read-data} on a repository Holdfast wrote, with the real restic binary. */
final class ResticCheck {
    private ResticCheck() {}

    static void assertClean(Path repo, String password) throws Exception {
        Path restic = List.of(Path.of("/usr/bin/restic"), Path.of("/usr/local/bin/restic")).stream()
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("restic not found: install restic (Debian package restic)"));
        ProcessBuilder pb =
                new ProcessBuilder(restic.toString(), "--no-cache", "check", "--read-data").redirectErrorStream(true);
        pb.environment().put("RESTIC_REPOSITORY", repo.toString());
        pb.environment().put("RESTIC_PASSWORD", password);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("restic check --read-data:%n%s", output).isZero();
    }
}
