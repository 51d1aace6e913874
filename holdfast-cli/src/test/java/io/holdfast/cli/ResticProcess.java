package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real restic (the Debian package) with {@code --no-cache}, for the interoperability tests. */
final class ResticProcess {
    private ResticProcess() {}

    static Path binary() {
        return List.of(Path.of("/usr/bin/restic"), Path.of("/usr/local/bin/restic")).stream()
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("restic not found: install restic (Debian package restic)"));
    }

    /** {@code restic --no-cache args} with {@code env} added to this process's environment; waits up to 5 minutes. */
    static CliProcess.Result run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--no-cache"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Path err = Files.createTempFile("restic", ".err");
        try {
            // no terminal, no stdin: restic never waits for a password it was not given
            Process p = pb.redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(5, TimeUnit.MINUTES))
                    .as("restic %s finishes", String.join(" ", args))
                    .isTrue();
            return new CliProcess.Result(p.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Like {@link #run}, requiring exit code 0. */
    static CliProcess.Result ok(Map<String, String> env, String... args) throws Exception {
        CliProcess.Result r = run(env, args);
        assertThat(r.exit())
                .as("restic %s:%n%s%s", String.join(" ", args), r.out(), r.err())
                .isZero();
        return r;
    }
}
