package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@code ./holdfast} launcher as a process against the packaged jar (failsafe runs this after the package
 * phase). {@code HOLDFAST_NO_BUILD=1} keeps the launcher from starting a nested Maven build.
 */
class LauncherIT {
    private static final String VERSION_LINE =
            "holdfast \\S+ \\(restic repository format v2\\), Java (\\d+)\\S* [a-z0-9-]+/[a-z0-9_-]+";

    /** The checkout: failsafe runs in the module directory. */
    private static final Path root = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path tmp;

    private record Result(int exitCode, String out, String err) {}

    @BeforeAll
    static void findLauncher() {
        assertThat(root.resolve("holdfast")).isExecutable();
        assertThat(IMAGE.resolve("lib/holdfast-cli.jar")).isRegularFile();
    }

    /** The release's contents, unpacked, from which the launcher runs (the build makes it). */
    private static final Path IMAGE = root.resolve("holdfast-cli/target/image");

    /** Runs the launcher from a directory other than the checkout, with exactly {@code env} plus PATH and HOME. */
    private static Result run(Map<String, String> env, String path, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("holdfast").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", path);
        builder.environment().put("HOME", System.getProperty("user.home"));
        builder.environment().put("HOLDFAST_NO_BUILD", "1");
        builder.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("launcher finished")
                .isTrue();
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A directory with a fake JDK: a release file saying {@code version} and a bin/java printing its arguments. */
    private static Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(tmp.resolve(name));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\nIMPLEMENTOR=\"fake\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho FAKE-JAVA-" + version + "\nfor a in \"$@\"; do echo \"<$a>\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static boolean inSearchedLocation(Path javaHome) {
        String home = System.getProperty("user.home");
        return javaHome.startsWith("/usr/lib/jvm")
                || javaHome.startsWith(home + "/.sdkman/candidates/java")
                || javaHome.startsWith("/opt/java")
                || javaHome.startsWith("/Library/Java/JavaVirtualMachines");
    }

    @Test
    void versionWithJavaHome() throws Exception {
        Result result = run(Map.of("JAVA_HOME", System.getProperty("java.home")), "/usr/bin:/bin", "version");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip()).matches(VERSION_LINE);
        assertThat(result.out()).contains("Java " + System.getProperty("java.version") + " ");
    }

    @Test
    void findsAJdk25WhenJavaOnPathIsOlderAndJavaHomeIsUnset() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
        assumeTrue(inSearchedLocation(javaHome), "the test JDK " + javaHome + " is not where the launcher looks");
        Path old = fakeJdk("jdk-17", "17.0.2");

        Result result = run(Map.of(), old.resolve("bin") + ":/usr/bin:/bin", "version");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).doesNotContain("FAKE-JAVA");
        var matcher = java.util.regex.Pattern.compile(VERSION_LINE)
                .matcher(result.out().strip());
        assertThat(matcher.matches()).as(result.out()).isTrue();
        assertThat(Integer.parseInt(matcher.group(1))).isGreaterThanOrEqualTo(25);
    }

    @Test
    void skipsAJavaHomeOlderThan25() throws Exception {
        Path old = fakeJdk("old-home", "21.0.5");

        Result result = run(Map.of("JAVA_HOME", old.toString()), "/usr/bin:/bin", "version");

        assertThat(result.out()).doesNotContain("FAKE-JAVA");
        if (result.exitCode() == 0) {
            assertThat(result.out().strip()).matches(VERSION_LINE);
        } else {
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).startsWith("Holdfast needs a JDK 25 or newer; set JAVA_HOME");
        }
    }

    @Test
    void passesJvmOptionsAndArgumentsThrough() throws Exception {
        Path jdk = fakeJdk("jdk-99", "99.0.1");

        Result result = run(
                Map.of("JAVA_HOME", jdk.toString(), "HOLDFAST_JAVA_OPTS", "-Xmx321m -Dholdfast.test=1"),
                "/usr/bin:/bin",
                "backup",
                "two words",
                "*");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("FAKE-JAVA-99.0.1");
        assertThat(lines)
                .contains(
                        "<--enable-native-access=ALL-UNNAMED>",
                        "<-XX:CompileThresholdScaling=4>",
                        "<-XX:FreqInlineSize=100>",
                        "<-XX:InlineSmallCode=1000>",
                        "<-Xmx321m>",
                        "<-Dholdfast.test=1>")
                .contains("<-cp>")
                .endsWith("<io.holdfast.cli.Main>", "<backup>", "<two words>", "<*>");
        assertThat(lines.get(lines.indexOf("<-cp>") + 1))
                .startsWith("<" + IMAGE.resolve("lib/holdfast-cli.jar") + ":" + IMAGE.resolve("lib/holdfast-"));
        assertThat(lines.indexOf("<-Xmx321m>")).isLessThan(lines.indexOf("<io.holdfast.cli.Main>"));
        assertThat(lines).noneMatch(line -> line.startsWith("<-XX:AOTCache"));
    }

    /**
     * Commands that only read or change metadata run with the JIT's quick compiler only; those that move data keep
     * both, as does any command when HOLDFAST_JAVA_OPTS chooses the compilers.
     */
    @Test
    void metadataCommandsRunWithTheQuickCompilerOnly() throws Exception {
        Path jdk = fakeJdk("jdk-96", "96.0.1");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());
        String quick = "<-XX:TieredStopAtLevel=1>";

        assertThat(run(env, "/usr/bin:/bin", "-r", "repo", "snapshots").out()).contains(quick);
        assertThat(run(env, "/usr/bin:/bin", "version").out()).contains(quick);
        assertThat(run(env, "/usr/bin:/bin", "--json", "forget", "--keep-last", "1")
                        .out())
                .contains(quick);
        assertThat(run(env, "/usr/bin:/bin", "forget", "--keep-last", "1", "--prune")
                        .out())
                .doesNotContain(quick);
        assertThat(run(env, "/usr/bin:/bin", "-r", "snapshots", "backup", "dir").out())
                .as("a global option's value is not the command")
                .doesNotContain(quick);
        assertThat(run(env, "/usr/bin:/bin", "restore", "latest").out()).doesNotContain(quick);
        assertThat(run(
                                Map.of("JAVA_HOME", jdk.toString(), "HOLDFAST_JAVA_OPTS", "-XX:TieredStopAtLevel=4"),
                                "/usr/bin:/bin",
                                "snapshots")
                        .out())
                .doesNotContain(quick)
                .contains("<-XX:TieredStopAtLevel=4>");
    }

    /** {@code --max-memory} (anywhere before {@code --}) or HOLDFAST_MAX_MEMORY becomes Java's {@code -Xmx}. */
    @Test
    void maxMemoryBecomesTheJavaHeapLimit() throws Exception {
        Path jdk = fakeJdk("jdk-98", "98.0.1");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());

        assertThat(run(env, "/usr/bin:/bin", "backup", "--max-memory", "700m", "dir")
                        .out())
                .contains("<-Xmx700m>");
        assertThat(run(env, "/usr/bin:/bin", "--max-memory=2g", "check").out()).contains("<-Xmx2g>");
        assertThat(run(Map.of("JAVA_HOME", jdk.toString(), "HOLDFAST_MAX_MEMORY", "1g"), "/usr/bin:/bin", "check")
                        .out())
                .contains("<-Xmx1g>");
        assertThat(run(env, "/usr/bin:/bin", "backup", "--", "--max-memory", "700m")
                        .out())
                .doesNotContain("-Xmx");
        assertThat(run(env, "/usr/bin:/bin", "backup", "--max-memory", "lots").out())
                .as("left to the command, which says what is wrong")
                .doesNotContain("-Xmx");

        // the serial collector, its young generation 48 MB unless the heap given is smaller than 192 MB
        assertThat(run(env, "/usr/bin:/bin", "check").out()).contains("<-XX:+UseSerialGC>", "<-Xmn48m>");
        assertThat(run(env, "/usr/bin:/bin", "--max-memory=192m", "check").out())
                .contains("<-Xmn48m>");
        assertThat(run(env, "/usr/bin:/bin", "--max-memory=4g", "check").out()).contains("<-Xmn48m>");
        assertThat(run(env, "/usr/bin:/bin", "--max-memory=191m", "check").out())
                .contains("<-Xmx191m>")
                .doesNotContain("-Xmn");
        assertThat(run(env, "/usr/bin:/bin", "--max-memory=100000k", "check").out())
                .doesNotContain("-Xmn");

        // the AOT cache was made with the default heap: the JVM relocates its objects into a smaller one, but from
        // 32 GiB on it does not compress object pointers and cannot use the cache
        Path same = fakeJdk("same-jdk-2", "25.0.0");
        Files.copy(
                Path.of(System.getProperty("java.home"), "release"),
                same.resolve("release"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(run(Map.of("JAVA_HOME", same.toString()), "/usr/bin:/bin", "--max-memory", "1g", "version")
                        .out())
                .contains("<-Xmx1g>")
                .contains("-XX:AOTCache");
        assertThat(run(Map.of("JAVA_HOME", same.toString()), "/usr/bin:/bin", "--max-memory", "40g", "version")
                        .out())
                .contains("<-Xmx40g>")
                .doesNotContain("-XX:AOTCache");
    }

    /** With a heap limit, the real JVM starts from the AOT cache and says nothing about it on stderr. */
    @Test
    void aHeapLimitKeepsTheAotCache() throws Exception {
        Result result = run(
                Map.of("JAVA_HOME", System.getProperty("java.home"), "HOLDFAST_MAX_MEMORY", "256m"),
                "/usr/bin:/bin",
                "version");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip()).matches(VERSION_LINE);
        assertThat(result.err()).isEmpty();
    }

    /**
     * The launcher starts Java from the image's AOT cache when the cache was made for the JDK it runs (the same runtime
     * version and vendor in its release file) and with the launcher's own options only; never for another JDK.
     */
    @Test
    void usesTheAotCacheOnlyForTheJdkItWasMadeFor() throws Exception {
        Path release = Path.of(System.getProperty("java.home"), "release");
        String stamp = Files.readString(IMAGE.resolve("lib/holdfast.aot.jdk")).strip();
        assertThat(stamp)
                .as("the build made the cache with the JDK the tests run on")
                .startsWith(System.getProperty("java.runtime.version") + " ");
        Path same = fakeJdk("same-jdk", "25.0.0");
        Files.copy(release, same.resolve("release"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path other = fakeJdk("other-jdk", "25.0.0");
        Files.writeString(
                other.resolve("release"),
                Files.readString(release)
                        .replaceAll("JAVA_RUNTIME_VERSION=\"[^\"]*\"", "JAVA_RUNTIME_VERSION=\"25.0.0+1\""));
        String cache = "<-XX:AOTCache=" + IMAGE.resolve("lib/holdfast.aot") + ">";

        assertThat(run(Map.of("JAVA_HOME", same.toString()), "/usr/bin:/bin", "version")
                        .out())
                .contains(cache);
        assertThat(run(Map.of("JAVA_HOME", same.toString(), "HOLDFAST_AOT", "0"), "/usr/bin:/bin", "version")
                        .out())
                .doesNotContain(cache);
        assertThat(run(Map.of("JAVA_HOME", other.toString()), "/usr/bin:/bin", "version")
                        .out())
                .contains("<io.holdfast.cli.Main>")
                .doesNotContain(cache);
    }

    /**
     * Without JAVA_HOME the launcher takes the JDK the image's AOT cache was made for (the stamp file's second line),
     * without looking for the newest JDK: here a newer one first on PATH is passed over.
     */
    @Test
    void takesTheJdkTheAotCacheWasMadeForWithoutJavaHome() throws Exception {
        List<String> stamp = Files.readAllLines(IMAGE.resolve("lib/holdfast.aot.jdk"));
        assertThat(stamp).hasSize(2);
        assertThat(Path.of(stamp.get(1)).toRealPath())
                .isEqualTo(Path.of(System.getProperty("java.home")).toRealPath());
        Path newer = fakeJdk("jdk-97", "97.0.1");

        Result result = run(Map.of(), newer.resolve("bin") + ":/usr/bin:/bin", "version");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).doesNotContain("FAKE-JAVA");
        assertThat(result.out()).contains("Java " + System.getProperty("java.version") + " ");
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Result result = run(Map.of("JAVA_HOME", System.getProperty("java.home")), "/usr/bin:/bin", "--help");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("Usage: holdfast").containsPattern("(?m)^  version ");
    }

    @Test
    void unknownCommandExitsWith2() throws Exception {
        Result result = run(Map.of("JAVA_HOME", System.getProperty("java.home")), "/usr/bin:/bin", "frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("unknown command \"frobnicate\"");
        assertThat(result.out()).isEmpty();
    }
}
