package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pg commands' bad input, each a one-line message with a documented exit code and nothing written: a DSN that is
 * not a libpq URI, a server that is not there, a restore without a password file the server could read, into a
 * directory that is not empty, from a repository without base backups.
 */
class PgBadInputTest {
    @TempDir
    Path tmp;

    private String repo() {
        String r = tmp.resolve("repo").toString();
        assertThat(new TestCli(Map.of("HOLDFAST_PASSWORD", "pw")).run("-r", r, "init"))
                .isZero();
        return r;
    }

    @Test
    void badDsnsAndAbsentServersWriteNothing() throws Exception {
        String r = repo();
        TestCli scheme = new TestCli(Map.of("HOLDFAST_PASSWORD", "pw"));
        assertThat(scheme.run("-r", r, "pg", "backup", "--dsn", "mysql://root:hunter2@db/x"))
                .isEqualTo(ExitCode.FATAL);
        assertThat(scheme.err()).contains("--dsn must start with postgresql://").doesNotContain("hunter2");

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        TestCli absent = new TestCli(Map.of("HOLDFAST_PASSWORD", "pw"));
        assertThat(absent.run("-r", r, "pg", "backup", "--dsn", "postgresql://u:hunter2@127.0.0.1:" + port + "/db"))
                .isEqualTo(ExitCode.FATAL);
        assertThat(absent.err())
                .contains("cannot connect to PostgreSQL at postgresql://u:***@127.0.0.1:" + port)
                .contains("check --dsn")
                .doesNotContain("hunter2");
        assertThat(absent.err().strip().lines().filter(l -> !l.isBlank()).count())
                .isEqualTo(1);
        TestCli list = new TestCli(Map.of("HOLDFAST_PASSWORD", "pw"));
        assertThat(list.run("-r", r, "--json", "snapshots")).isZero();
        assertThat(list.out().strip()).isEqualTo("[]");
    }

    @Test
    void restoreNeedsAPasswordFileAnEmptyTargetAndABaseBackup() throws Exception {
        String r = repo();
        TestCli envOnly = new TestCli(Map.of("HOLDFAST_PASSWORD", "pw"));
        assertThat(envOnly.run(
                        "-r", r, "pg", "restore", "--target", tmp.resolve("t").toString()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(envOnly.err()).contains("--password-file or --password-command");

        Path pw = Files.writeString(tmp.resolve("pw"), "pw\n");
        TestCli none = new TestCli(Map.of());
        assertThat(none.run(
                        "-r",
                        r,
                        "-p",
                        pw.toString(),
                        "pg",
                        "restore",
                        "--target",
                        tmp.resolve("t").toString()))
                .isEqualTo(ExitCode.FATAL);
        assertThat(none.err()).contains("holds no PostgreSQL base backup");
        assertThat(tmp.resolve("t")).doesNotExist();

        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");
        TestCli notEmpty = new TestCli(Map.of());
        assertThat(notEmpty.run("-r", r, "-p", pw.toString(), "pg", "restore", "--target", full.toString()))
                .isEqualTo(ExitCode.FATAL);
        assertThat(notEmpty.err()).contains("is not empty");
        assertThat(full.resolve("keep.txt")).hasContent("mine");

        TestCli both = new TestCli(Map.of());
        assertThat(both.run(
                        "-r",
                        r,
                        "-p",
                        pw.toString(),
                        "pg",
                        "restore",
                        "--to-latest",
                        "--to-time",
                        "2026-01-01 00:00:00",
                        "--target",
                        tmp.resolve("t").toString()))
                .isEqualTo(ExitCode.USAGE);
    }
}
