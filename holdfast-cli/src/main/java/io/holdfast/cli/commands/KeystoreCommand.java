package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.promptlog.ErasureCertificate;
import io.holdfast.promptlog.KeyStoreBackups;
import io.holdfast.promptlog.LocalKeyStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast keystore backup|restore|ledger}: the prompt-log key store's own backups and its erasure ledger. */
@Command(
        name = "keystore",
        description = "Back up or restore the prompt-log key store, or verify its erasure ledger.",
        subcommands = {KeystoreCommand.Backup.class, KeystoreCommand.Restore.class, KeystoreCommand.Ledger.class})
public final class KeystoreCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    public KeystoreCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() {
        globals.output().warn("use one of: keystore backup, keystore restore, keystore ledger");
        return ExitCode.USAGE;
    }

    @Command(
            name = "backup",
            description = "Copy the (encrypted) key store into DIR and delete copies older than --keep-days. Keep the "
                    + "retention short: a destroyed key lives on in copies until they expire.")
    static final class Backup implements Callable<Integer> {
        private final GlobalOptions globals;

        @Option(names = "--to", required = true, paramLabel = "DIR", description = "Directory of key store copies.")
        Path dir = Path.of(".");

        @Option(
                names = "--keep-days",
                paramLabel = "N",
                description = "Delete (overwrite, then remove) copies older than N days (default: 7).")
        int keepDays = 7;

        @Mixin
        KeyStoreOptions keystore = new KeyStoreOptions();

        Backup(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            LocalKeyStore ks = keystore.open(globals, false);
            KeyStoreBackups.Result r =
                    KeyStoreBackups.backup(ks.path(), dir, Duration.ofDays(keepDays), Clock.systemUTC());
            Output out = globals.output();
            if (out.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", r.file().toString());
                m.put("removed", r.removed().stream().map(Path::toString).toList());
                out.emit(m);
            } else {
                out.info("key store copied to " + r.file() + "; " + r.removed().size() + " expired copies removed");
            }
            return ExitCode.OK;
        }
    }

    @Command(
            name = "restore",
            description = "Put a key store copy back in place of the key store, then re-apply every erasure of the "
                    + "ledger made since the copy was taken.")
    static final class Restore implements Callable<Integer> {
        private final GlobalOptions globals;

        @Parameters(index = "0", paramLabel = "FILE", description = "A copy made by 'keystore backup'.")
        Path file = Path.of(".");

        @Mixin
        KeyStoreOptions keystore = new KeyStoreOptions();

        Restore(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            LocalKeyStore ks = KeyStoreBackups.restore(
                    file, keystore.resolve(globals), keystore.password(globals), Clock.systemUTC());
            Output out = globals.output();
            List<ErasureCertificate> again = ks.reapplied();
            if (out.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("keystore", ks.path().toString());
                m.put("reapplied", again.stream().map(ErasureCertificate::hash).toList());
                out.emit(m);
            } else {
                out.info("key store restored to " + ks.path() + "; re-applied " + again.size() + " erasure(s)");
            }
            return ExitCode.OK;
        }
    }

    @Command(
            name = "ledger",
            description = "Verify the erasure ledger's hash chain and list its certificates. Exit code 1 if broken.")
    static final class Ledger implements Callable<Integer> {
        private final GlobalOptions globals;

        @Mixin
        KeyStoreOptions keystore = new KeyStoreOptions();

        Ledger(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            LocalKeyStore ks = keystore.open(globals, false);
            List<ErasureCertificate> certs = ks.ledger().read();
            Output out = globals.output();
            if (out.json()) {
                List<Object> list = new java.util.ArrayList<>();
                for (ErasureCertificate c : certs) {
                    list.add(Output.mapper().readTree(c.toJson()));
                }
                out.emit(list);
            } else {
                for (ErasureCertificate c : certs) {
                    out.print("#" + c.seq() + " " + c.time() + " "
                            + c.subjectHash().substring(0, 16) + "... by " + c.operator() + ": " + c.reason() + " ("
                            + c.snapshots().size() + " snapshots)");
                }
                out.info(certs.size() + " certificate(s); hash chain intact");
            }
            return ExitCode.OK;
        }
    }
}
