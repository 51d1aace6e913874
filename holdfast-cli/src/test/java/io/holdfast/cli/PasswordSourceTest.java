package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordSourceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** A terminal a user types the given answers into. */
    static final class ScriptedTerminal implements Terminal {
        final Deque<String> answers;
        final List<String> prompts = new ArrayList<>();

        ScriptedTerminal(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public boolean isInteractive() {
            return true;
        }

        @Override
        public @Nullable String readPassword(String prompt) {
            prompts.add(prompt);
            return answers.poll();
        }

        @Override
        public int width() {
            return 80;
        }
    }

    private static PasswordSource file(Path file) {
        return new PasswordSource(file, null, null, Terminal.none(), TIMEOUT);
    }

    private static PasswordSource command(String command, Duration timeout) {
        return new PasswordSource(null, command, null, Terminal.none(), timeout);
    }

    @Test
    void fileWithTrailingNewline(@TempDir Path dir) throws Exception {
        assertThat(file(Files.writeString(dir.resolve("a"), "correct horse\n")).password())
                .isEqualTo("correct horse");
        assertThat(file(Files.writeString(dir.resolve("b"), "s3cret\r\n")).password())
                .isEqualTo("s3cret");
    }

    @Test
    void fileWithByteOrderMarkAndNoNewline(@TempDir Path dir) throws Exception {
        byte[] bytes = "\uFEFFpässword".getBytes(StandardCharsets.UTF_8);

        assertThat(file(Files.write(dir.resolve("pw"), bytes)).password()).isEqualTo("pässword");
    }

    @Test
    void missingOrEmptyFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");

        assertThatThrownBy(() -> file(missing).password())
                .isInstanceOf(CliException.class)
                .hasMessage("password file " + missing + " does not exist");
        assertThatThrownBy(() -> file(empty).password()).hasMessage("password file " + empty + " is empty");
    }

    @Test
    void commandOutputWithoutTrailingNewline() {
        assertThat(command("sh -c 'echo \"pass word\"; echo password command stderr is passed through >&2'", TIMEOUT)
                        .password())
                .isEqualTo("pass word");
    }

    @Test
    void failingCommand() {
        assertThatThrownBy(() -> command("sh -c 'exit 3'", TIMEOUT).password())
                .isInstanceOf(CliException.class)
                .hasMessage("password command sh failed with exit code 3");
        assertThatThrownBy(() -> command("/nonexistent/pass show repo", TIMEOUT).password())
                .hasMessageStartingWith("cannot run password command /nonexistent/pass: ");
        assertThatThrownBy(() -> command("true", TIMEOUT).password())
                .hasMessage("password command true printed an empty password");
    }

    @Test
    void commandThatHangsTimesOut() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> command("sleep 30", Duration.ofMillis(300)).password())
                .hasMessage("password command sleep timed out after 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void environmentPassword() {
        assertThat(new PasswordSource(null, null, "env", Terminal.none(), TIMEOUT).password())
                .isEqualTo("env");
    }

    @Test
    void nothingGivenAndNoTerminal() {
        PasswordSource source = new PasswordSource(null, null, "", Terminal.none(), TIMEOUT);

        assertThatThrownBy(source::password)
                .isInstanceOf(CliException.class)
                .hasMessage("no password given: set HOLDFAST_PASSWORD, --password-file or --password-command")
                .extracting(e -> ((CliException) e).exitCode())
                .isEqualTo(ExitCode.FATAL);
    }

    @Test
    void aCommandLinesSourceTakesFlagsThenTheVariablesFilesAndCommandsThenThePassword() {
        java.io.PrintWriter out = new java.io.PrintWriter(new java.io.StringWriter());
        java.util.Map<String, String> vars = java.util.Map.of(
                "HOLDFAST_PASSWORD_FILE", "/env/file",
                "RESTIC_PASSWORD_COMMAND", "env command",
                "HOLDFAST_PASSWORD", "from env");
        CliEnvironment env = new CliEnvironment(vars, out, out, Terminal.none());

        PasswordSource flags = PasswordSource.of(Path.of("/flag/file"), null, env);
        assertThat(flags.file()).isEqualTo(Path.of("/flag/file"));
        assertThat(flags.command()).as("a flag puts both variables aside").isNull();
        assertThat(PasswordSource.of(null, "flag command", env).file()).isNull();

        PasswordSource variables = PasswordSource.of(null, null, env);
        assertThat(variables.file()).isEqualTo(Path.of("/env/file"));
        assertThat(variables.command()).isEqualTo("env command");
        assertThat(variables.givenWithoutCommand())
                .as("a command would run: nothing without it")
                .isNull();

        PasswordSource onlyPassword = PasswordSource.of(
                null,
                null,
                new CliEnvironment(java.util.Map.of("RESTIC_PASSWORD", "restic's"), out, out, Terminal.none()));
        assertThat(onlyPassword.givenWithoutCommand()).isEqualTo("restic's");
        assertThat(onlyPassword.password()).isEqualTo("restic's");
    }

    @Test
    void fileAndCommandTogether(@TempDir Path dir) {
        PasswordSource source = new PasswordSource(dir.resolve("pw"), "echo x", null, Terminal.none(), TIMEOUT);

        assertThatThrownBy(source::password).hasMessageContaining("cannot be used together");
    }

    @Test
    void promptAtATerminal() {
        ScriptedTerminal terminal = new ScriptedTerminal("typed");

        assertThat(new PasswordSource(null, null, null, terminal, TIMEOUT).password())
                .isEqualTo("typed");
        assertThat(terminal.prompts).containsExactly("enter password for repository: ");
    }

    @Test
    void newPasswordIsAskedTwice() {
        ScriptedTerminal same = new ScriptedTerminal("new one", "new one");
        ScriptedTerminal different = new ScriptedTerminal("new one", "new 0ne");

        assertThat(new PasswordSource(null, null, null, same, TIMEOUT).newPassword())
                .isEqualTo("new one");
        assertThat(same.prompts).containsExactly("enter password for new repository: ", "enter password again: ");
        assertThatThrownBy(() -> new PasswordSource(null, null, null, different, TIMEOUT).newPassword())
                .hasMessage("passwords do not match");
    }

    @Test
    void emptyTypedPasswordIsRefused() {
        assertThatThrownBy(() -> new PasswordSource(null, null, null, new ScriptedTerminal(""), TIMEOUT).password())
                .hasMessage("an empty password is not allowed");
    }

    @Test
    void commandLineSplitting() {
        assertThat(PasswordSource.split("pass show 'my repo'  \"a \\\"b\\\"\" c\\ d"))
                .containsExactly("pass", "show", "my repo", "a \"b\"", "c d");
        assertThat(PasswordSource.split("x ''")).containsExactly("x", "");
        assertThatThrownBy(() -> PasswordSource.split("echo 'oops")).hasMessageContaining("unterminated quote");
    }
}
