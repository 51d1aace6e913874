package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real restic binary (Debian package restic) against a repository. */
final class Restic {
    private final Path repo;
    private final String password;
    private final java.util.Map<String, String> env = new java.util.HashMap<>();

    Restic(Path repo, String password) {
        this.repo = repo;
        this.password = password;
    }

    record Result(int exit, String out, String err) {}

    /** Sets an environment variable for the restic processes, e.g. {@code TZ}. */
    Restic env(String name, String value) {
        env.put(name, value);
        return this;
    }

    static String binary() {
        for (String p : List.of("/usr/bin/restic", "/usr/local/bin/restic")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new AssertionError("restic not found: install restic (Debian package restic) to run interop tests");
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary());
        cmd.add("--no-cache");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("RESTIC_REPOSITORY", repo.toString());
        pb.environment().put("RESTIC_PASSWORD", password);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("restic-out", ".txt");
        Path err = Files.createTempFile("restic-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("restic " + String.join(" ", args) + " timed out");
        }
        Result r = new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** Runs and asserts exit 0. */
    Result ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        assertThat(r.exit())
                .as("restic %s\nstdout:\n%s\nstderr:\n%s", String.join(" ", args), r.out(), r.err())
                .isZero();
        return r;
    }
}
