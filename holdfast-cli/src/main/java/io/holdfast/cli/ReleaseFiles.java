package io.holdfast.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the release archive's generated files from the command model, so they cannot drift from {@code --help}:
 * bash completion ({@code share/bash-completion/completions/holdfast}, picocli's generator; zsh loads it through
 * {@code bashcompinit}) and one man page per command ({@code share/man/man1/holdfast.1}, {@code holdfast-backup.1},
 * {@code holdfast-repair-index.1}, ...). Run by the build ({@code package} phase) with the output directory as the
 * argument.
 */
public final class ReleaseFiles {
    private ReleaseFiles() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ReleaseFiles OUTPUT_DIRECTORY");
        }
        write(Path.of(args[0]));
    }

    /** Writes the completion script and the man pages under {@code out}; returns the files written. */
    public static List<Path> write(Path out) throws IOException {
        StringWriter sink = new StringWriter();
        PrintWriter writer = new PrintWriter(sink);
        CliEnvironment environment = new CliEnvironment(Map.of(), writer, writer, Terminal.none());
        CommandLine root = Main.commandLine(new GlobalOptions(environment));
        root.getCommandSpec().removeSubcommand("help"); // no page of its own: `holdfast help X` is `X --help`
        List<Path> written = new ArrayList<>();
        Path completion = out.resolve("share/bash-completion/completions/holdfast");
        Files.createDirectories(completion.getParent());
        Files.writeString(completion, AutoComplete.bash("holdfast", root));
        written.add(completion);
        Path man = Files.createDirectories(out.resolve("share/man/man1"));
        for (CommandLine command : commands(root)) {
            Path page = man.resolve(pageName(command.getCommandSpec()) + ".1");
            Files.writeString(page, ManPage.of(command.getCommandSpec(), VersionInfo.version()));
            written.add(page);
        }
        return written;
    }

    /** {@code holdfast}, {@code holdfast-backup}, {@code holdfast-repair-index}. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    private static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden() && !all.contains(sub)) {
                all.addAll(commands(sub));
            }
        }
        return all.stream().distinct().toList();
    }

    /** A man page in troff's {@code man} macros from a picocli command model. */
    static final class ManPage {
        private ManPage() {}

        static String of(CommandSpec spec, String version) {
            StringBuilder b = new StringBuilder();
            String name = pageName(spec);
            b.append(".TH \"")
                    .append(name.toUpperCase(java.util.Locale.ROOT))
                    .append("\" 1 \"\" \"Holdfast ")
                    .append(escape(version))
                    .append("\" \"Holdfast Manual\"\n");
            String[] description = spec.usageMessage().description();
            b.append(".SH NAME\n")
                    .append(escape(name))
                    .append(" \\- ")
                    .append(escape(description.length == 0 ? spec.qualifiedName() : first(description[0])))
                    .append('\n');
            b.append(".SH SYNOPSIS\n.B ").append(escape(spec.qualifiedName())).append('\n');
            List<String> synopsis = new ArrayList<>();
            if (!spec.options().isEmpty()) {
                synopsis.add("[OPTIONS]");
            }
            for (PositionalParamSpec p : spec.positionalParameters()) {
                String label = p.paramLabel();
                synopsis.add(p.arity().min() == 0 ? "[" + label + "]" : label);
            }
            if (!spec.subcommands().isEmpty()) {
                synopsis.add("COMMAND");
            }
            b.append(escape(String.join(" ", synopsis))).append('\n');
            b.append(".SH DESCRIPTION\n");
            for (String line : description) {
                b.append(escape(line)).append('\n');
            }
            for (String line : spec.usageMessage().footer()) {
                b.append(line.isBlank() ? ".PP\n" : escape(line) + '\n');
            }
            if (!spec.subcommands().isEmpty()) {
                b.append(".SH COMMANDS\n");
                spec.subcommands().forEach((sub, line) -> {
                    if (!line.getCommandSpec().usageMessage().hidden() && !sub.equals("help")) {
                        b.append(".TP\n.BR ")
                                .append(escape(pageName(line.getCommandSpec())))
                                .append(" (1)\n");
                        String[] d = line.getCommandSpec().usageMessage().description();
                        b.append(escape(d.length == 0 ? "" : first(d[0]))).append('\n');
                    }
                });
            }
            if (!spec.options().isEmpty()) {
                b.append(".SH OPTIONS\n");
                for (OptionSpec o : spec.options()) {
                    if (o.hidden()) {
                        continue;
                    }
                    b.append(".TP\n\\fB")
                            .append(escape(String.join(", ", o.names())))
                            .append("\\fR");
                    if (o.arity().max() > 0) {
                        b.append("=\\fI").append(escape(o.paramLabel())).append("\\fR");
                    }
                    b.append('\n');
                    for (String line : o.description()) {
                        b.append(escape(line.replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()))))
                                .append('\n');
                    }
                }
            }
            b.append(".SH SEE ALSO\n");
            b.append(spec.parent() == null ? "restic(1)" : "\\fBholdfast\\fR(1)")
                    .append('\n');
            return b.toString();
        }

        private static String first(String sentence) {
            int dot = sentence.indexOf(". ");
            return dot < 0 ? sentence : sentence.substring(0, dot + 1);
        }

        /** Escapes text for troff: backslashes, hyphens, and a leading period or apostrophe. */
        static String escape(String text) {
            String s = text.replace("\\", "\\e").replace("-", "\\-").replace("%n", "\n");
            StringBuilder b = new StringBuilder();
            for (String line : s.split("\n", -1)) {
                if (b.length() > 0) {
                    b.append('\n');
                }
                if (line.startsWith(".") || line.startsWith("'")) {
                    b.append("\\&");
                }
                b.append(line);
            }
            return b.toString();
        }
    }
}
