package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalOptionsTest {
    @Test
    void defaultsWithoutOptionsOrEnvironment() {
        GlobalOptions globals = new TestCli(Map.of()).parse("version");

        assertThat(globals.repository()).isNull();
        assertThat(globals.json()).isFalse();
        assertThat(globals.quiet()).isFalse();
        assertThat(globals.verbosity()).isZero();
        assertThat(globals.noLock()).isFalse();
        assertThat(globals.compression()).isEqualTo(CompressionMode.AUTO);
        assertThat(globals.packSizeMiB()).isEqualTo(GlobalOptions.DEFAULT_PACK_SIZE_MIB);
        assertThatThrownBy(globals::requireRepository)
                .isInstanceOf(CliException.class)
                .hasMessageContaining("-r/--repo")
                .hasMessageContaining("HOLDFAST_REPOSITORY");
    }

    @Test
    void optionsBeforeAndAfterTheCommandName() {
        GlobalOptions before = new TestCli(Map.of())
                .parse(
                        "-r",
                        "/repo",
                        "--json",
                        "-vv",
                        "--no-lock",
                        "--compression",
                        "MAX",
                        "--pack-size",
                        "64",
                        "version");
        GlobalOptions after = new TestCli(Map.of())
                .parse(
                        "version",
                        "--repo=/repo",
                        "--json",
                        "-v",
                        "-v",
                        "--no-lock",
                        "--compression=max",
                        "--pack-size=64");

        for (GlobalOptions globals : new GlobalOptions[] {before, after}) {
            assertThat(globals.repository()).isEqualTo("/repo");
            assertThat(globals.json()).isTrue();
            assertThat(globals.verbosity()).isEqualTo(2);
            assertThat(globals.noLock()).isTrue();
            assertThat(globals.compression()).isEqualTo(CompressionMode.MAX);
            assertThat(globals.packSizeMiB()).isEqualTo(64);
        }
    }

    @Test
    void holdfastVariablesWinOverResticOnes() {
        var env = Map.of(
                "HOLDFAST_REPOSITORY", "/holdfast",
                "RESTIC_REPOSITORY", "/restic",
                "RESTIC_COMPRESSION", "off",
                "HOLDFAST_PACK_SIZE", "32",
                "RESTIC_PACK_SIZE", "8");

        GlobalOptions globals = new TestCli(env).parse("version");

        assertThat(globals.repository()).isEqualTo("/holdfast");
        assertThat(globals.compression()).isEqualTo(CompressionMode.OFF);
        assertThat(globals.packSizeMiB()).isEqualTo(32);
    }

    @Test
    void resticVariablesAreTheFallbackAndOptionsWin() {
        var env = Map.of("RESTIC_REPOSITORY", "/restic", "HOLDFAST_REPOSITORY", "");

        assertThat(new TestCli(env).parse("version").repository()).isEqualTo("/restic");
        assertThat(new TestCli(env).parse("-r", "/flag", "version").repository())
                .isEqualTo("/flag");
    }

    @Test
    void passwordFileFromTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "from-file\n");

        GlobalOptions globals = new TestCli(Map.of("RESTIC_PASSWORD_FILE", file.toString(), "HOLDFAST_PASSWORD", "env"))
                .parse("version");

        assertThat(globals.passwords().password()).isEqualTo("from-file");
    }

    @Test
    void passwordOptionsReplaceThePasswordVariablesOfTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "from-file\n");

        GlobalOptions globals = new TestCli(Map.of("HOLDFAST_PASSWORD_FILE", file.toString()))
                .parse("--password-command", "echo from-command", "version");

        assertThat(globals.passwords().password()).isEqualTo("from-command");
    }

    @Test
    void passwordVariable() {
        assertThat(new TestCli(Map.of("RESTIC_PASSWORD", "pw"))
                        .parse("version")
                        .passwords()
                        .password())
                .isEqualTo("pw");
    }

    @Test
    void quietAndVerboseTogetherIsAUsageError() {
        TestCli cli = new TestCli(Map.of());

        assertThat(cli.run("-q", "version", "-v")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("--quiet and --verbose cannot be specified at the same time");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void invalidCompressionIsAUsageError() {
        TestCli option = new TestCli(Map.of());
        TestCli env = new TestCli(Map.of("HOLDFAST_COMPRESSION", "best"));

        assertThat(option.run("--compression", "best", "version")).isEqualTo(ExitCode.USAGE);
        assertThat(option.err()).contains("invalid compression mode 'best'");
        assertThat(env.run("version")).isEqualTo(ExitCode.USAGE);
        assertThat(env.err()).contains("invalid compression mode 'best'");
    }

    @Test
    void packSizeOutsideFourTo128MiBIsAUsageError() {
        TestCli small = new TestCli(Map.of());
        TestCli large = new TestCli(Map.of("RESTIC_PACK_SIZE", "129"));
        TestCli garbage = new TestCli(Map.of("RESTIC_PACK_SIZE", "lots"));

        assertThat(small.run("--pack-size", "3", "version")).isEqualTo(ExitCode.USAGE);
        assertThat(small.err()).contains("pack size must be between 4 and 128 MiB, not 3");
        assertThat(large.run("version")).isEqualTo(ExitCode.USAGE);
        assertThat(large.err()).contains("not 129");
        assertThat(garbage.run("version")).isEqualTo(ExitCode.USAGE);
        assertThat(garbage.err()).contains("invalid pack size 'lots'");
        assertThat(new TestCli(Map.of()).run("--pack-size", "4", "version")).isEqualTo(ExitCode.OK);
    }

    @Test
    void maxMemoryIsASizeTheLauncherCanPassToJava() {
        assertThat(new TestCli(Map.of()).parse("version").maxMemory()).isZero();
        assertThat(new TestCli(Map.of())
                        .parse("--max-memory", "512m", "version")
                        .maxMemory())
                .isEqualTo(512L << 20);
        assertThat(new TestCli(Map.of("HOLDFAST_MAX_MEMORY", "2g"))
                        .parse("version")
                        .maxMemory())
                .isEqualTo(2L << 30);
        assertThat(new TestCli(Map.of("HOLDFAST_MAX_MEMORY", "2g"))
                        .parse("--max-memory=300m", "version")
                        .maxMemory())
                .isEqualTo(300L << 20);

        TestCli garbage = new TestCli(Map.of());
        assertThat(garbage.run("--max-memory", "lots", "version")).isEqualTo(ExitCode.USAGE);
        assertThat(garbage.err()).contains("invalid memory size 'lots'");
        TestCli bare = new TestCli(Map.of("HOLDFAST_MAX_MEMORY", "512"));
        assertThat(bare.run("version")).isEqualTo(ExitCode.USAGE);
        assertThat(bare.err()).contains("invalid memory size '512'");
        TestCli tiny = new TestCli(Map.of());
        assertThat(tiny.run("version", "--max-memory", "32m")).isEqualTo(ExitCode.USAGE);
        assertThat(tiny.err()).contains("below the 64m");
    }
}
