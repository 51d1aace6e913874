package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -q} leaves only errors, as restic's: init, backup, check, forget, prune, tag and unlock print nothing. */
class QuietTest {
    @TempDir
    Path tmp;

    @Test
    void quietCommandsPrintNothingAndTheSameCommandsSpeakWithoutIt() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a");
        Map<String, String> env =
                Map.of("HOLDFAST_REPOSITORY", tmp.resolve("repo").toString(), "HOLDFAST_PASSWORD", "pw");
        List<List<String>> commands = List.of(
                List.of("init"),
                List.of("backup", src.toString()),
                List.of("backup", src.toString()),
                List.of("check"),
                List.of("forget", "--keep-last", "1"),
                List.of("prune"),
                List.of("tag", "--add", "x"),
                List.of("unlock"));
        for (List<String> c : commands) {
            TestCli quiet = new TestCli(env);
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("-q"), c.stream())
                    .toArray(String[]::new);
            assertThat(quiet.run(args)).as("%s: %s", c, quiet.err()).isZero();
            assertThat(quiet.out()).as("holdfast -q %s", String.join(" ", c)).isEmpty();
        }
        for (List<String> c :
                List.of(List.of("check"), List.of("prune"), List.of("unlock"), List.of("tag", "--add", "y"))) {
            TestCli loud = new TestCli(env);
            assertThat(loud.run(c.toArray(String[]::new))).isZero();
            assertThat(loud.out()).as("holdfast %s", String.join(" ", c)).isNotEmpty();
        }
        TestCli file = new TestCli(Map.of("HOLDFAST_PASSWORD", "pw"));
        Files.writeString(tmp.resolve("plain"), "x");
        assertThat(file.run("-r", tmp.resolve("plain").toString(), "init")).isEqualTo(1);
        assertThat(file.err()).contains("it is a file, not a directory");
    }
}
