package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code init --model-codec}: the config extension and the message that Holdfast is needed to restore models. */
class ModelCodecCliTest {
    @TempDir
    Path tmp;

    @Test
    void initWithModelCodecRecordsTheExtensionAndSaysWhatResticCanDo() throws Exception {
        Path repo = tmp.resolve("repo");
        Map<String, String> env = Map.of("HOLDFAST_REPOSITORY", repo.toString(), "HOLDFAST_PASSWORD", "pw");
        TestCli init = new TestCli(env);
        assertThat(init.run("init", "--model-codec")).as(init.err()).isZero();
        assertThat(init.out())
                .contains("restic can still read and check this repository")
                .contains("Holdfast is needed to restore them");
        TestCli cat = new TestCli(env);
        assertThat(cat.run("cat", "config")).as(cat.err()).isZero();
        assertThat(cat.out()).contains("\"model_codec\"").contains("\"v1\"");

        TestCli v1 =
                new TestCli(Map.of("HOLDFAST_REPOSITORY", tmp.resolve("v1").toString(), "HOLDFAST_PASSWORD", "pw"));
        assertThat(v1.run("init", "--model-codec", "--repository-version", "1")).isEqualTo(ExitCode.USAGE);
        assertThat(Files.exists(tmp.resolve("v1").resolve("config"))).isFalse();
    }
}
