package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.PasswordSource;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.output.Table;
import io.holdfast.client.Holdfast;
import io.holdfast.client.KeyOps;
import io.holdfast.format.Id;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast key list|add|remove|passwd}: manages the passwords that open the repository. */
@Command(
        name = "key",
        description = "Manage keys (passwords): list, add, remove, passwd.",
        subcommands = {KeyCommand.ListKeys.class, KeyCommand.Add.class, KeyCommand.Remove.class, KeyCommand.Passwd.class
        })
public final class KeyCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    public KeyCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() {
        globals.output().warn("use one of: key list, key add, key remove, key passwd");
        return ExitCode.USAGE;
    }

    static String newPassword(GlobalOptions g, @Nullable Path file) {
        return new PasswordSource(
                        file,
                        null,
                        g.environment().firstEnv("HOLDFAST_NEW_PASSWORD"),
                        g.environment().terminal(),
                        PasswordSource.DEFAULT_COMMAND_TIMEOUT)
                .whenMissing("no new password given: use --new-password-file or HOLDFAST_NEW_PASSWORD, or run at a"
                        + " terminal to type it")
                .newPassword();
    }

    @Command(name = "list", description = "List keys; * marks the one in use.")
    static final class ListKeys implements Callable<Integer> {
        private final GlobalOptions globals;

        ListKeys(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            List<KeyOps.Listed> keys;
            try (Holdfast h = Repos.open(globals)) {
                keys = h.keys().list();
            }
            Output out = globals.output();
            if (out.json()) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (KeyOps.Listed k : keys) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("current", k.current());
                    m.put("id", k.id().hex());
                    m.put("userName", k.username());
                    m.put("hostName", k.hostname());
                    m.put("created", k.created());
                    list.add(m);
                }
                out.emit(list);
            } else {
                Table t = new Table(" ID", "User", "Host", "Created");
                for (KeyOps.Listed k : keys) {
                    t.row((k.current() ? "*" : " ") + k.id().shortHex(), k.username(), k.hostname(), k.created());
                }
                out.table(t);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "add", description = "Add a key for a new password.")
    static final class Add implements Callable<Integer> {
        private final GlobalOptions globals;

        @Option(
                names = "--new-password-file",
                paramLabel = "FILE",
                description = "Read the new password from this file.")
        @Nullable
        Path file;

        Add(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            try (Holdfast h = Repos.open(globals)) {
                Id id = h.keys().add(newPassword(globals, file));
                globals.output().print("saved new key as " + id.shortHex());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "remove", description = "Remove a key (not the one in use).")
    static final class Remove implements Callable<Integer> {
        private final GlobalOptions globals;

        @Parameters(paramLabel = "ID")
        String id = "";

        Remove(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            try (Holdfast h = Repos.open(globals)) {
                Id removed = h.keys().remove(id);
                globals.output().print("removed key " + removed.shortHex());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "passwd", description = "Change the password of the key in use.")
    static final class Passwd implements Callable<Integer> {
        private final GlobalOptions globals;

        @Option(
                names = "--new-password-file",
                paramLabel = "FILE",
                description = "Read the new password from this file.")
        @Nullable
        Path file;

        Passwd(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            try (Holdfast h = Repos.open(globals)) {
                Id id = h.keys().changePassword(newPassword(globals, file));
                globals.output().print("saved new key as " + id.shortHex() + "; the old key was removed");
            }
            return ExitCode.OK;
        }
    }
}
