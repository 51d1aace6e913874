package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the key prefetch reads from the arguments and the environment before picocli has parsed them. */
class KeyPrefetchTest {
    @TempDir
    Path tmp;

    private static CliEnvironment env(Map<String, String> variables) {
        PrintWriter out = new PrintWriter(new StringWriter());
        return new CliEnvironment(variables, out, out, Terminal.none());
    }

    @Test
    void findsAnOptionsValueInEveryFormPicocliAccepts() {
        assertThat(KeyPrefetch.value(new String[] {"-r", "/a", "snapshots"}, "-r", "--repo"))
                .isEqualTo("/a");
        assertThat(KeyPrefetch.value(new String[] {"snapshots", "-r/b"}, "-r", "--repo"))
                .isEqualTo("/b");
        assertThat(KeyPrefetch.value(new String[] {"--repo", "/c", "ls"}, "-r", "--repo"))
                .isEqualTo("/c");
        assertThat(KeyPrefetch.value(new String[] {"--repo=/d", "-r", "/e"}, "-r", "--repo"))
                .as("the last one, as picocli takes it")
                .isEqualTo("/e");
        assertThat(KeyPrefetch.value(new String[] {"backup", "--", "-r", "/f"}, "-r", "--repo"))
                .as("not after --")
                .isNull();
        assertThat(KeyPrefetch.value(new String[] {"--repository-file", "x", "-r"}, "-r", "--repo"))
                .isNull();
    }

    @Test
    void onlyForALocalRepositoryThatHasKeys() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo/keys")).getParent();
        Map<String, String> none = Map.of();

        assertThat(KeyPrefetch.keysDirectory(env(none), "-r", repo.toString(), "snapshots"))
                .isEqualTo(repo.resolve("keys"));
        assertThat(KeyPrefetch.keysDirectory(env(none), "--repo=local:" + repo, "snapshots"))
                .isEqualTo(repo.resolve("keys"));
        assertThat(KeyPrefetch.keysDirectory(env(Map.of("HOLDFAST_REPOSITORY", repo.toString())), "snapshots"))
                .isEqualTo(repo.resolve("keys"));
        assertThat(KeyPrefetch.keysDirectory(
                        env(none), "-r", tmp.resolve("missing").toString(), "init"))
                .isNull();
        assertThat(KeyPrefetch.keysDirectory(env(none), "-r", "s3:http://localhost:1/bucket", "snapshots"))
                .isNull();
        assertThat(KeyPrefetch.keysDirectory(env(none), "snapshots")).isNull();
    }

    @Test
    void takesThePasswordFromAFileOrTheEnvironmentButNeverRunsACommand() throws Exception {
        Path file = Files.writeString(tmp.resolve("pw"), "\ufefffrom file\n");

        assertThat(KeyPrefetch.password(env(Map.of("HOLDFAST_PASSWORD", "env")), "snapshots"))
                .isEqualTo("env");
        assertThat(KeyPrefetch.password(env(Map.of("RESTIC_PASSWORD", "restic")), "snapshots"))
                .isEqualTo("restic");
        assertThat(KeyPrefetch.password(env(Map.of("HOLDFAST_PASSWORD", "env")), "-p", file.toString()))
                .as("the file comes first, as for the command")
                .isEqualTo("from file");
        assertThat(KeyPrefetch.password(env(Map.of("HOLDFAST_PASSWORD_FILE", file.toString())), "snapshots"))
                .isEqualTo("from file");
        assertThat(KeyPrefetch.password(
                        env(Map.of("HOLDFAST_PASSWORD", "env")), "--password-command", "echo x", "snapshots"))
                .isNull();
        assertThat(KeyPrefetch.password(
                        env(Map.of("HOLDFAST_PASSWORD", "env", "HOLDFAST_PASSWORD_COMMAND", "echo x")), "snapshots"))
                .isNull();
        assertThat(KeyPrefetch.password(env(Map.of()), "snapshots")).isNull();
        assertThat(KeyPrefetch.password(
                        env(Map.of()), "-p", tmp.resolve("missing").toString()))
                .isNull();
    }
}
