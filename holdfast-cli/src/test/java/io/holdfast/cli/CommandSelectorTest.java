package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.cli.commands.BackupCommand;
import io.holdfast.cli.commands.SnapshotsCommand;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandSelectorTest {
    private final CliEnvironment env = new TestCli(Map.of()).environment;

    private Class<?> select(String... args) {
        return CommandSelector.select(Main.COMMANDS, args);
    }

    /** The valued global options read from the annotations are those picocli's model says take a value. */
    @Test
    void readsTheValuedGlobalOptionsAsPicocliDoes() {
        java.util.Set<String> modelled = new java.util.HashSet<>();
        for (picocli.CommandLine.Model.OptionSpec o : picocli.CommandLine.Model.CommandSpec.forAnnotatedObject(
                        new GlobalOptions(env))
                .options()) {
            if (o.arity().max() > 0) {
                modelled.addAll(java.util.List.of(o.names()));
            }
        }

        assertThat(CommandSelector.valuedGlobalOptions())
                .isEqualTo(modelled)
                .contains("-r", "--repo", "--max-memory")
                .doesNotContain("--json", "-v");
    }

    @Test
    void findsTheCommandPastGlobalOptionsAndTheirValues() {
        assertThat(select("backup", "/data")).isEqualTo(BackupCommand.class);
        assertThat(select("-r", "/repo", "snapshots")).isEqualTo(SnapshotsCommand.class);
        // an option value that happens to be a command name is not the command
        assertThat(select("-r", "backup", "snapshots", "--json")).isEqualTo(SnapshotsCommand.class);
        assertThat(select("--repo=/r", "-q", "backup")).isEqualTo(BackupCommand.class);
        assertThat(select("-r/repo", "snapshots")).isEqualTo(SnapshotsCommand.class);
        assertThat(select("--password-file", "snapshots", "backup")).isEqualTo(BackupCommand.class);
    }

    @Test
    void namesNoCommandWhenEveryCommandIsNeeded() {
        assertThat(select()).isNull();
        assertThat(select("--help")).isNull();
        assertThat(select("-r", "/repo")).isNull();
        assertThat(select("help", "backup")).isNull();
        assertThat(select("bakup")).isNull();
        assertThat(select("--", "backup")).isNull();
    }

    @Test
    void aSelectedCommandParsesAndFailsExactlyAsWithAllCommands() {
        TestCli cli = new TestCli(Map.of());
        assertThat(cli.run("snapshots", "--no-such-option")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("backup", "--help")).isZero();
    }
}
