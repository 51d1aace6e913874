package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @Test
    void versionPrintsOneLine() {
        TestCli cli = new TestCli(Map.of());

        assertThat(cli.run("version")).isZero();

        assertThat(cli.out())
                .matches("holdfast \\S+ \\(restic repository format v2\\), Java \\d+\\S* [a-z0-9-]+/[a-z0-9_-]+\\n");
        assertThat(cli.out()).doesNotContain("unknown");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void versionOptionPrintsTheSameLine() {
        TestCli command = new TestCli(Map.of());
        TestCli option = new TestCli(Map.of());

        command.run("version");
        assertThat(option.run("--version")).isZero();

        assertThat(option.out()).isEqualTo(command.out());
    }

    @Test
    void versionAsJson() throws Exception {
        TestCli cli = new TestCli(Map.of());

        assertThat(cli.run("version", "--json")).isZero();

        JsonNode json = new ObjectMapper().readTree(cli.out());
        assertThat(json.get("message_type").asText()).isEqualTo("version");
        assertThat(json.get("version").asText()).isEqualTo(VersionInfo.version());
        assertThat(json.get("repository_format").asInt()).isEqualTo(2);
        assertThat(json.get("java_version").asText()).isEqualTo(System.getProperty("java.version"));
        assertThat(cli.out().strip()).doesNotContain("\n");
    }

    @Test
    void versionAgreesWithTheProgramVersionWrittenIntoSnapshots(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("f"), "x");
        Map<String, String> env =
                Map.of("HOLDFAST_REPOSITORY", tmp.resolve("repo").toString(), "HOLDFAST_PASSWORD", "pw");
        TestCli cli = new TestCli(env);
        assertThat(cli.run("init")).isZero();
        assertThat(new TestCli(env).run("backup", tmp.resolve("f").toString())).isZero();
        TestCli snapshots = new TestCli(env);
        assertThat(snapshots.run("snapshots", "--json")).isZero();
        TestCli version = new TestCli(Map.of());
        assertThat(version.run("version", "--json")).isZero();

        String programVersion = new ObjectMapper()
                .readTree(snapshots.out())
                .get(0)
                .get("program_version")
                .asText();
        String versionNumber =
                new ObjectMapper().readTree(version.out()).get("version").asText();
        assertThat(versionNumber).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(programVersion).isEqualTo("holdfast " + versionNumber);
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        TestCli cli = new TestCli(Map.of());

        assertThat(cli.run("--help")).isZero();

        assertThat(cli.out())
                .startsWith("Usage: holdfast [OPTIONS] COMMAND")
                .contains("--repo=REPOSITORY", "HOLDFAST_REPOSITORY", "--password-file", "--json")
                .containsPattern("(?m)^  version\\s+Print version information\\.$")
                .containsPattern("(?m)^  help\\s+")
                .contains("12 wrong password");
    }

    @Test
    void commandHelpListsItsOwnOptionsAndPointsToTheGlobalOnes() {
        TestCli cli = new TestCli(Map.of());

        assertThat(cli.run("version", "--help")).isZero();

        assertThat(cli.out())
                .startsWith("Usage: holdfast version [OPTIONS]")
                .contains("--help", "see 'holdfast --help'")
                .doesNotContain("--password-file");
    }

    @Test
    void unknownCommandIsAUsageError() {
        TestCli cli = new TestCli(Map.of());

        assertThat(cli.run("verison")).isEqualTo(ExitCode.USAGE);

        assertThat(cli.err())
                .contains("unknown command \"verison\" for \"holdfast\"")
                .contains("Did you mean: holdfast version") // picocli may add "or holdfast erase"
                .contains("Run 'holdfast --help' for usage.");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void unknownOptionIsAUsageError() {
        TestCli cli = new TestCli(Map.of());

        assertThat(cli.run("version", "--frobnicate")).isEqualTo(ExitCode.USAGE);

        assertThat(cli.err()).contains("Unknown option: '--frobnicate'", "holdfast version --help");
    }

    @Test
    void noCommandShowsTheUsageAsAUsageError() {
        TestCli cli = new TestCli(Map.of());

        assertThat(cli.run()).isEqualTo(ExitCode.USAGE);

        assertThat(cli.err()).startsWith("Usage: holdfast");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void everyCommandHasAHelpOption() {
        for (var command : new TestCli(Map.of()).commandLine().getSubcommands().values()) {
            assertThat(command.getCommandSpec().optionsMap()).containsKey("--help");
        }
    }
}
