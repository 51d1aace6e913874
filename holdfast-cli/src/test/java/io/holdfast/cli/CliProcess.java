package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the packaged Holdfast (holdfast-cli/target/holdfast-cli.jar and lib/) as a real process, optionally as the
 * unprivileged user {@code nobody} (via setpriv) so that file permissions apply even when the tests run as root.
 */
final class CliProcess {
    record Result(int exit, String out, String err) {
        /** Asserts exit code 0, showing both streams otherwise; returns this result. */
        Result ok() {
            assertThat(exit).as("stdout: %s%nstderr: %s", out, err).isZero();
            return this;
        }

        /** The last line of {@code --json} output: status lines come first, the result last. */
        com.fasterxml.jackson.databind.JsonNode lastJson() throws IOException {
            List<String> lines = out.strip().lines().toList();
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.getLast());
        }

        /** {@link #ok} and then {@link #lastJson}. */
        com.fasterxml.jackson.databind.JsonNode okJson() throws IOException {
            return ok().lastJson();
        }
    }

    /**
     * {@code base} (a server's credentials, say) plus the variables that point Holdfast and restic at {@code
     * location} with {@code password}.
     */
    static Map<String, String> repositoryEnv(Map<String, String> base, String location, String password) {
        Map<String, String> env = new HashMap<>(base);
        env.put("HOLDFAST_REPOSITORY", location);
        env.put("HOLDFAST_PASSWORD", password);
        env.put("RESTIC_REPOSITORY", location);
        env.put("RESTIC_PASSWORD", password);
        return env;
    }

    /** Asserts that {@code actual} holds the same tree as {@code expected} ({@code diff -r}, links not followed). */
    static void assertSameTree(Path expected, Path actual) throws Exception {
        Process p = new ProcessBuilder("diff", "-r", "--no-dereference", expected.toString(), actual.toString())
                .redirectErrorStream(true)
                .start();
        String diff = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("diff -r:%n%s", diff).isZero();
    }

    private final Path app;
    private final Path work;

    /** Copies the application into a world-readable directory below {@code work}. */
    CliProcess(Path work) throws IOException {
        this.work = work;
        Path module = Path.of("").toAbsolutePath();
        Path jar = module.resolve("target/holdfast-cli.jar");
        assertThat(jar).as("packaged jar (failsafe runs after package)").isRegularFile();
        app = Files.createDirectories(work.resolve("app"));
        Files.copy(jar, app.resolve("holdfast-cli.jar"), StandardCopyOption.REPLACE_EXISTING);
        Path lib = Files.createDirectories(app.resolve("lib"));
        try (Stream<Path> s = Files.list(module.resolve("target/lib"))) {
            for (Path p : s.toList()) {
                Files.copy(p, lib.resolve(p.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        openUp(work);
    }

    /** Makes a directory tree usable by any user (for the runs as nobody). */
    static void openUp(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setPosixFilePermissions(
                            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
                }
            }
        }
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(false, env, args);
    }

    /** Runs as nobody when this process is root, else as this user. */
    Result runUnprivileged(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(root(), env, args);
    }

    /**
     * Starts {@code holdfast args} without waiting, its standard output and error going to {@code out} and {@code
     * err}; for tests that run processes side by side or kill them.
     */
    Process start(Map<String, String> env, Path out, Path err, String... args) throws IOException {
        return builder(false, env, args)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
    }

    /** Runs {@code holdfast args}, requires exit code 0 and returns standard output's bytes as written. */
    byte[] stdoutBytes(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Raw r = runRaw(false, env, args);
        assertThat(r.exit())
                .as("holdfast %s: %s", String.join(" ", args), r.err())
                .isZero();
        return r.out();
    }

    @SuppressWarnings("ArrayRecordComponent") // never compared
    private record Raw(int exit, byte[] out, String err) {}

    private Raw runRaw(boolean asNobody, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        return runRaw(nobody(asNobody), env, args);
    }

    private Raw runRaw(List<String> prefix, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("cli-out", ".bin");
        Path err = Files.createTempFile("cli-err", ".txt");
        try {
            Process p = builder(prefix, env, args)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("holdfast " + String.join(" ", args) + " timed out");
            }
            return new Raw(p.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private Result run(boolean asNobody, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Raw r = runRaw(asNobody, env, args);
        return new Result(r.exit(), new String(r.out(), StandardCharsets.UTF_8), r.err());
    }

    /** Runs as {@code user} (via setpriv) when this process is root, else as this user. */
    Result runAs(String user, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Raw r = runRaw(
                root() ? List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups") : List.of(),
                env,
                args);
        return new Result(r.exit(), new String(r.out(), StandardCharsets.UTF_8), r.err());
    }

    /** {@link #start} as {@code user} when this process is root. */
    Process startAs(String user, Map<String, String> env, Path out, Path err, String... args) throws IOException {
        return builder(
                        root() ? List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups") : List.of(),
                        env,
                        args)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
    }

    /** The command line that runs this Holdfast (java, its options, the class path and main class). */
    List<String> command() {
        return builder(List.of(), Map.of()).command();
    }

    private static List<String> nobody(boolean asNobody) {
        return asNobody ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups") : List.of();
    }

    private ProcessBuilder builder(boolean asNobody, Map<String, String> env, String... args) {
        return builder(nobody(asNobody), env, args);
    }

    private ProcessBuilder builder(List<String> prefix, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(app.resolve("holdfast-cli.jar").toString());
        cmd.add("io.holdfast.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("HOME", work.toString());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(e);
        return pb;
    }
}
