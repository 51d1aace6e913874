package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive the build makes ({@code target/holdfast-VERSION.tar.gz}), unpacked with {@code tar} into a
 * temporary directory far from the checkout and used as a user would: through a link on {@code PATH}, from another
 * directory, with {@code HOME} elsewhere.
 */
class ReleaseIT {
    @TempDir
    static Path tmp;

    private static Path installed;
    private static @org.jspecify.annotations.Nullable Path pathDir;

    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void unpack() throws Exception {
        Path archive;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            archive = files.filter(p -> p.getFileName().toString().matches("holdfast-.+\\.tar\\.gz"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no target/holdfast-VERSION.tar.gz: the build makes it"));
        }
        Path opt = Files.createDirectories(tmp.resolve("opt"));
        Run tar = exec(opt, Map.of(), "tar", "xzf", archive.toAbsolutePath().toString());
        assertThat(tar.exit()).as(tar.err()).isZero();
        try (Stream<Path> dirs = Files.list(opt)) {
            installed = dirs.findFirst().orElseThrow();
        }
        pathDir = Files.createDirectories(tmp.resolve("bin-on-path"));
        Files.createSymbolicLink(pathDir.resolve("holdfast"), installed.resolve("bin/holdfast"));
    }

    private static Run holdfast(Path cwd, Map<String, String> env, String... args) throws Exception {
        // the link on PATH, by its path (ProcessBuilder looks programs up on the test's own PATH)
        String link =
                java.util.Objects.requireNonNull(pathDir).resolve("holdfast").toString();
        String[] command = Stream.concat(Stream.of(link), Stream.of(args)).toArray(String[]::new);
        return exec(cwd, env, command);
    }

    /** Runs {@code command} with only PATH (the link first), HOME, JAVA_HOME (the JDK running the tests) and env. */
    private static Run exec(Path cwd, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        Map<String, String> e = builder.environment();
        e.clear();
        e.put("PATH", (pathDir == null ? "" : pathDir + ":") + "/usr/bin:/bin");
        e.put("HOME", tmp.resolve("home").toString());
        e.put("JAVA_HOME", System.getProperty("java.home"));
        e.putAll(env);
        builder.redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        Process p = builder.start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Run(
                p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
    }

    /**
     * Unpacked elsewhere, the archive still starts from the AOT cache the build made: the JVM maps Holdfast's and
     * picocli's classes from it (no error on stderr about a class path or jar that differs from the training run's),
     * and without it reads them from the jars.
     */
    @Test
    void startsFromTheAotCacheWhereverItIsUnpacked() throws Exception {
        Path lib = installed.resolve("lib");
        assertThat(Files.readAllLines(lib.resolve("classpath"))).startsWith("holdfast-cli.jar");
        assertThat(Files.readString(lib.resolve("holdfast.aot.jdk")))
                .startsWith(System.getProperty("java.runtime.version") + " ");
        Path cached = tmp.resolve("class-load-cached.txt");
        Path plain = tmp.resolve("class-load-plain.txt");

        Run withCache = holdfast(
                tmp,
                Map.of("HOLDFAST_AOT", "1", "HOLDFAST_JAVA_OPTS", "-Xlog:class+load=info:file=" + cached),
                "version");
        Run without = holdfast(
                tmp,
                Map.of("HOLDFAST_AOT", "0", "HOLDFAST_JAVA_OPTS", "-Xlog:class+load=info:file=" + plain),
                "version");

        assertThat(withCache.exit()).as(withCache.err()).isZero();
        assertThat(withCache.err()).isEmpty();
        assertThat(withCache.out()).isEqualTo(without.out());
        assertThat(Files.readString(cached))
                .contains("io.holdfast.cli.Main source: shared objects file")
                .contains("picocli.CommandLine source: shared objects file");
        assertThat(Files.readString(plain)).contains("io.holdfast.cli.Main source: file:");
    }

    @Test
    void theArchiveHoldsTheLauncherLibrariesManPagesCompletionAndDocs() {
        assertThat(installed.getFileName().toString()).isEqualTo("holdfast-" + VersionInfo.version());
        assertThat(installed.resolve("bin/holdfast")).isExecutable();
        assertThat(installed.resolve("lib/holdfast-cli.jar")).isRegularFile();
        assertThat(installed.resolve("share/man/man1/holdfast.1")).isRegularFile();
        assertThat(installed.resolve("share/man/man1/holdfast-restore.1")).isRegularFile();
        assertThat(installed.resolve("share/bash-completion/completions/holdfast"))
                .isRegularFile();
        assertThat(installed.resolve("share/doc/holdfast/README.md")).isRegularFile();
        assertThat(installed.resolve("share/doc/holdfast/cli.md")).isRegularFile();
    }

    @Test
    void backsUpAndRestoresFromAnotherDirectory() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path data = Files.createDirectories(tmp.resolve("data/sub"));
        byte[] blob = new byte[3 << 20];
        new java.util.Random(7).nextBytes(blob);
        Files.write(data.resolve("weights.bin"), blob);
        Files.writeString(data.getParent().resolve("notes.txt"), "release archive test\n");
        Map<String, String> env =
                Map.of("RESTIC_REPOSITORY", tmp.resolve("repo").toString(), "RESTIC_PASSWORD", "release-pw");

        Run version = holdfast(work, env, "version");
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("holdfast " + VersionInfo.version() + " ");
        assertThat(holdfast(work, env, "init").exit()).isZero();
        Run backup = holdfast(work, env, "backup", "--json", tmp.resolve("data").toString());
        assertThat(backup.exit()).as(backup.err()).isZero();
        Run restore = holdfast(work, env, "restore", "latest", "--target", "restored");
        assertThat(restore.exit()).as(restore.err()).isZero();

        Path restored =
                work.resolve("restored").resolve(tmp.resolve("data").toString().substring(1));
        assertThat(Files.readAllBytes(restored.resolve("sub/weights.bin"))).isEqualTo(blob);
        assertThat(restored.resolve("notes.txt")).hasContent("release archive test");
        Run check = holdfast(work, env, "check", "--read-data");
        assertThat(check.exit()).as(check.err()).isZero();
    }

    @Test
    void quickstartWritesUnderHomeAndItsNextStepsWork() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path work = Files.createDirectories(tmp.resolve("elsewhere"));

        Run quickstart = holdfast(work, Map.of(), "quickstart");

        assertThat(quickstart.exit()).as(quickstart.err()).isZero();
        assertThat(home.resolve(".holdfast/quickstart/repository/config")).isRegularFile();
        List<String> steps = quickstart
                .out()
                .lines()
                .dropWhile(l -> !l.equals("Next steps:"))
                .skip(1)
                .map(String::strip)
                .toList();
        String snapshots = steps.stream()
                .filter(l -> l.startsWith("holdfast ") && l.endsWith(" snapshots"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no 'holdfast ... snapshots' step in:\n" + quickstart.out()));
        Run next = exec(work, Map.of(), "bash", "-c", snapshots);
        assertThat(next.exit()).as(next.err()).isZero();
        assertThat(next.out()).contains("1 snapshots");
        Map<String, String> noPath = new HashMap<>();
        noPath.put("HOLDFAST_JAVA_OPTS", "-Dholdfast.unused=1");
        assertThat(holdfast(work, noPath, "snapshots", "--help").out()).contains("Usage: holdfast snapshots");
    }

    @Test
    void progressTakesTheTerminalsWidthWithoutColumns() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("wide"));
        byte[] blob = new byte[48 << 20];
        new java.util.Random(11).nextBytes(blob);
        Files.write(data.resolve("big.bin"), blob);
        Map<String, String> env =
                Map.of("RESTIC_REPOSITORY", tmp.resolve("repo-tty").toString(), "RESTIC_PASSWORD", "tty-pw");
        assertThat(holdfast(tmp, env, "init").exit()).isZero();
        String link =
                java.util.Objects.requireNonNull(pathDir).resolve("holdfast").toString();

        // a real terminal (script(1) runs the command on a pseudo-terminal) 57 columns wide; no $COLUMNS
        Run run = exec(
                tmp, env, "script", "-qec", "stty cols 57 rows 20; '" + link + "' backup '" + data + "'", "/dev/null");

        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        List<String> progress = java.util.Arrays.stream(run.out().split("[\\r\\n]+"))
                .map(String::stripTrailing)
                .filter(l -> l.startsWith("[0:"))
                .toList();
        assertThat(progress).as(run.out()).isNotEmpty();
        assertThat(progress).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(56));
        assertThat(progress).anySatisfy(l -> assertThat(l.length()).as(l).isGreaterThan(45));
    }
}
