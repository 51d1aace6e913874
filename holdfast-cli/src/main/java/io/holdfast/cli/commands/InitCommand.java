package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.client.Holdfast;
import io.holdfast.client.InitOptions;
import io.holdfast.format.FormatJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast init}: creates a repository. */
@Command(name = "init", description = "Create a new repository.")
public final class InitCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Option(
            names = "--repository-version",
            description = "Format version: 2 (default, compression) or 1 (readable by restic < 0.14).",
            defaultValue = "2")
    int version;

    @Option(
            names = "--chunker",
            description = "rabin (default: restic's chunker, dedups against restic-written snapshots) or fastcdc "
                    + "(faster chunking; restic still reads and restores everything).",
            defaultValue = "rabin")
    String chunker = "rabin";

    public InitCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        String location = globals.requireRepository();
        String password = globals.passwords().newPassword();
        var extensions = FormatJson.MAPPER.createObjectNode();
        switch (chunker) {
            case "rabin" -> {}
            case "fastcdc" -> extensions.put("chunker", "fastcdc");
            default ->
                throw new CliException(ExitCode.USAGE, "--chunker must be rabin or fastcdc, not '" + chunker + "'");
        }
        InitOptions init = new InitOptions(version, extensions);
        try (Holdfast h = Holdfast.init(location, password, init, Repos.options(globals))) {
            String id = h.repository().config().id();
            var out = globals.output();
            if (out.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("message_type", "initialized");
                m.put("id", id);
                m.put("repository", location);
                m.put("version", version);
                out.emit(m);
            } else {
                out.print("created holdfast repository " + id.substring(0, 10) + " at " + location);
                out.print("");
                out.print("Please note that knowledge of your password is required to access the repository.");
                out.print("Losing your password means that your data is irrecoverably lost.");
            }
        }
        return ExitCode.OK;
    }
}
