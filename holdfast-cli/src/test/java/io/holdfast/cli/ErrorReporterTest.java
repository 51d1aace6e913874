package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ErrorReporterTest {
    /** Stands in for an exception of a lower layer, recognised by its simple name. */
    static final class WrongPasswordException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrongPasswordException(String message) {
            super(message);
        }
    }

    /** A subclass is recognised by its superclass's simple name. */
    static final class StaleLockException extends RepositoryLockedException {
        private static final long serialVersionUID = 1L;
    }

    static class RepositoryLockedException extends IOException {
        private static final long serialVersionUID = 1L;

        RepositoryLockedException() {
            super("repository is already locked by PID 42 on host");
        }
    }

    @Command(name = "fail")
    static final class FailingCommand implements Callable<Integer> {
        private final Exception failure;

        FailingCommand(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }

    private static int runFailing(TestCli cli, Exception failure, String... options) {
        CommandLine commandLine = cli.commandLine();
        commandLine.addSubcommand(new FailingCommand(failure));
        String[] args = new String[options.length + 1];
        args[0] = "fail";
        System.arraycopy(options, 0, args, 1, options.length);
        return commandLine.execute(args);
    }

    @Test
    void cliExceptionGivesItsCodeAndMessage() {
        TestCli cli = new TestCli(Map.of());

        int code = runFailing(cli, new CliException(ExitCode.REPOSITORY_NOT_FOUND, "repository /r does not exist"));

        assertThat(code).isEqualTo(10);
        assertThat(cli.err()).isEqualTo("Fatal: repository /r does not exist\n");
    }

    @Test
    void jsonModeWritesAnExitErrorLineToStandardError() throws Exception {
        TestCli cli = new TestCli(Map.of());

        int code = runFailing(cli, new CliException(ExitCode.LOCK_FAILED, "locked\nby someone"), "--json");

        assertThat(code).isEqualTo(11);
        JsonNode line = new ObjectMapper().readTree(cli.err());
        assertThat(line.get("message_type").asText()).isEqualTo("exit_error");
        assertThat(line.get("code").asInt()).isEqualTo(11);
        assertThat(line.get("message").asText()).isEqualTo("locked by someone");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void lowerLayerExceptionsAreRecognisedByName() {
        assertThat(ErrorReporter.describe(new WrongPasswordException("wrong password or no key found")))
                .isEqualTo(new ErrorReporter.Failure(12, "wrong password or no key found"));
        assertThat(ErrorReporter.describe(new UncheckedIOException(new StaleLockException())))
                .isEqualTo(new ErrorReporter.Failure(11, "repository is already locked by PID 42 on host"));
    }

    @Test
    void interruptionIs130() {
        TestCli cli = new TestCli(Map.of());

        assertThat(runFailing(cli, new ExecutionException(new InterruptedException())))
                .isEqualTo(130);
        assertThat(cli.err()).isEqualTo("interrupted\n");
    }

    @Test
    void otherExceptionsAreFatalWithOneLine() {
        assertThat(ErrorReporter.describe(new NoSuchFileException("/data/x")))
                .isEqualTo(new ErrorReporter.Failure(1, "no such file or directory: /data/x"));
        assertThat(ErrorReporter.describe(new IllegalStateException("bad\n  state")))
                .isEqualTo(new ErrorReporter.Failure(1, "bad state"));
        assertThat(ErrorReporter.describe(new RuntimeException(new IOException("disk full"))))
                .isEqualTo(new ErrorReporter.Failure(1, "disk full"));
    }

    @Test
    void stackTraceOnlyWithDebug() {
        TestCli plain = new TestCli(Map.of());
        TestCli debug = new TestCli(Map.of("HOLDFAST_DEBUG", "1"));

        runFailing(plain, new IllegalStateException("boom"));
        runFailing(debug, new IllegalStateException("boom"));

        assertThat(plain.err()).isEqualTo("Fatal: boom\n");
        assertThat(debug.err()).startsWith("Fatal: boom\n").contains("\tat ");
    }

    @Test
    void noJavaClassNameReachesTheUser() {
        assertThat(ErrorReporter.describe(new IllegalArgumentException("no snapshot found")))
                .isEqualTo(new ErrorReporter.Failure(1, "no snapshot found"));
        assertThat(ErrorReporter.describe(new UncheckedIOException(new IOException("disk on fire"))))
                .isEqualTo(new ErrorReporter.Failure(1, "disk on fire"));
        assertThat(ErrorReporter.describe(new IllegalStateException(
                        "cannot open: java.io.IOException: io.holdfast.x.BadThingError: late")))
                .isEqualTo(new ErrorReporter.Failure(1, "cannot open: late"));
        assertThat(ErrorReporter.describe(new NullPointerException()).message())
                .isEqualTo(
                        "unexpected internal error; run again with -vv to see where it happened, and please report it");
        assertThat(ErrorReporter.describe(new java.nio.file.AccessDeniedException("/repo/config")))
                .isEqualTo(new ErrorReporter.Failure(1, "permission denied: /repo/config"));
        assertThat(ErrorReporter.describe(
                        new java.nio.file.FileSystemException("/repo/locks", null, "read-only file system")))
                .isEqualTo(new ErrorReporter.Failure(1, "read-only file system: /repo/locks"));

        TestCli cli = new TestCli(Map.of());
        assertThat(runFailing(cli, new IllegalArgumentException("'nosuch' is neither 'latest' nor a snapshot id")))
                .isEqualTo(1);
        assertThat(cli.err()).isEqualTo("Fatal: 'nosuch' is neither 'latest' nor a snapshot id\n");
    }
}
