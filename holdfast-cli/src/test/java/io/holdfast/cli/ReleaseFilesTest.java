package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/** The release archive's man pages and completion, and the help they are made from. */
class ReleaseFilesTest {
    @TempDir
    Path tmp;

    private static CommandLine everyCommand() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return Main.commandLine(new GlobalOptions(new CliEnvironment(Map.of(), sink, sink, Terminal.none())));
    }

    private static void collect(CommandLine line, List<CommandLine> all) {
        all.add(line);
        line.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    @Test
    void helpShowsNoRawPlaceholders() {
        List<CommandLine> all = new ArrayList<>();
        collect(everyCommand(), all);
        List<String> raw = new ArrayList<>();
        for (CommandLine line : all) {
            for (ArgSpec arg : line.getCommandSpec().args()) {
                if (arg.paramLabel().startsWith("<")
                        && !arg.hidden()
                        && arg.arity().max() > 0) {
                    raw.add(line.getCommandSpec().qualifiedName() + " " + arg.paramLabel());
                }
            }
        }
        assertThat(all).hasSizeGreaterThan(40);
        assertThat(raw).as("options and parameters without a paramLabel").isEmpty();
    }

    @Test
    void everyCommandHasAManPageThatGroffRendersWithoutWarnings() throws Exception {
        List<Path> written = ReleaseFiles.write(tmp);

        List<CommandLine> all = new ArrayList<>();
        collect(everyCommand(), all);
        Path man = tmp.resolve("share/man/man1");
        for (CommandLine line : all) {
            if (line.getCommandSpec().name().equals("help")) {
                continue;
            }
            assertThat(man.resolve(line.getCommandSpec().qualifiedName("-") + ".1"))
                    .exists();
        }
        Path backup = man.resolve("holdfast-backup.1");
        assertThat(written).contains(backup);
        Process groff = new ProcessBuilder("groff", "-ww", "-man", "-Tutf8", backup.toString())
                .redirectErrorStream(false)
                .start();
        String page = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String warnings = new String(groff.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(groff.waitFor()).isZero();
        assertThat(warnings).isEmpty();
        assertThat(page.replaceAll(".\b", ""))
                .contains("holdfast-backup - Create a new snapshot")
                .contains("--exclude-file=FILE")
                .contains("--host=HOSTNAME");
    }

    @Test
    void bashCompletionCompletesCommandsAndOptions() throws Exception {
        ReleaseFiles.write(tmp);
        Path completion = tmp.resolve("share/bash-completion/completions/holdfast");

        assertThat(complete(completion, "holdfast", "ba")).contains("backup");
        assertThat(complete(completion, "holdfast", "snapshots", "--la")).contains("--latest");
    }

    private static String complete(Path script, String... words) throws Exception {
        String array = String.join(
                " ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList());
        String program = "source '" + script + "'; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + String.join(" ", words) + "'; COMP_POINT=${#COMP_LINE}; _complete_holdfast;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bash = new ProcessBuilder("bash", "-c", program)
                .redirectErrorStream(true)
                .start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        bash.waitFor();
        return out;
    }
}
