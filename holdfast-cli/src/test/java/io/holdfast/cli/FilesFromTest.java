package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup --files-from}, {@code --files-from-verbatim} and {@code --files-from-raw}, as restic reads them. */
class FilesFromTest {
    @TempDir
    Path tmp;

    @Test
    void pathsComeFromListFilesAndTheCommandLine() throws Exception {
        Path a = Files.writeString(tmp.resolve("a.txt"), "a");
        Path b = Files.writeString(tmp.resolve("b c.txt"), "b");
        Path c = Files.writeString(tmp.resolve(" lead.txt"), "c");
        Path d = Files.writeString(tmp.resolve("d.txt"), "d");
        Path e = Files.writeString(tmp.resolve("e.txt"), "e");
        Path list = Files.writeString(tmp.resolve("list"), "# the training files\n\n" + a + "\r\n" + b + "\n");
        Path verbatim = Files.writeString(tmp.resolve("verbatim"), c + "\n");
        Path raw = tmp.resolve("raw");
        Files.write(raw, (d + "\0").getBytes(StandardCharsets.UTF_8));
        Map<String, String> env =
                Map.of("HOLDFAST_REPOSITORY", tmp.resolve("repo").toString(), "HOLDFAST_PASSWORD", "pw");
        assertThat(new TestCli(env).run("init")).isZero();
        TestCli backup = new TestCli(env);
        assertThat(backup.run(
                        "backup",
                        "--files-from",
                        list.toString(),
                        "--files-from-verbatim",
                        verbatim.toString(),
                        "--files-from-raw",
                        raw.toString(),
                        e.toString()))
                .as(backup.err())
                .isZero();
        TestCli ls = new TestCli(env);
        assertThat(ls.run("ls", "latest")).isZero();
        List<String> listed = ls.out().lines().filter(l -> l.endsWith(".txt")).toList();
        assertThat(listed)
                .containsExactlyInAnyOrder(a.toString(), b.toString(), c.toString(), d.toString(), e.toString());

        TestCli missing = new TestCli(env);
        assertThat(missing.run("backup", "--files-from", tmp.resolve("nope").toString()))
                .isEqualTo(1);
        assertThat(missing.err())
                .contains("--files-from: cannot read")
                .contains("nope")
                .doesNotContain("Exception");
    }
}
