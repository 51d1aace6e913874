package io.holdfast.cli.commands;

import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.Snapshots;
import io.holdfast.promptlog.ErasureCertificate;
import io.holdfast.promptlog.LocalKeyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast erase SUBJECT --reason TEXT}: crypto-shreds one person's prompt-log records. */
@Command(
        name = "erase",
        description = {
            "Erase a subject from every prompt-log snapshot by destroying its keys in the key store (crypto-shredding).",
            "Appends a hash-chained erasure certificate to the ledger (KEYSTORE.ledger), prints it, and writes an "
                    + "audit entry (KEYSTORE.audit). Restoring any snapshot afterwards gives the log without the "
                    + "subject's records; later backups leave them out. Copies of the key store made by 'keystore "
                    + "backup' still hold the keys until their retention ends; restoring one re-applies the ledger."
        })
public final class EraseCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(index = "0", paramLabel = "SUBJECT", description = "The subject id, as in the log's subject field.")
    String subject = "";

    @Option(
            names = "--reason",
            required = true,
            paramLabel = "TEXT",
            description = "Why (e.g. the request's reference).")
    String reason = "";

    @Option(
            names = "--operator",
            paramLabel = "NAME",
            description = "Who erases, for the certificate (default: the user name).")
    @Nullable
    String operator;

    @Option(names = "--certificate", paramLabel = "FILE", description = "Also write the certificate to FILE (JSON).")
    @Nullable
    Path certificate;

    @Mixin
    KeyStoreOptions keystore = new KeyStoreOptions();

    public EraseCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        LocalKeyStore ks = keystore.open(globals, false);
        Set<String> present = null;
        if (globals.repository() != null) {
            present = new HashSet<>();
            try (Holdfast h = Repos.open(globals)) {
                for (Snapshots.Ref r : h.snapshots()) {
                    present.add(r.id().hex());
                }
            }
        }
        String who = operator != null ? operator : System.getProperty("user.name", "unknown");
        long start = System.nanoTime();
        ErasureCertificate c = ks.erase(subject, reason, who, present);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (certificate != null) {
            Files.writeString(certificate, c.toJson() + "\n", StandardCharsets.UTF_8);
        }
        Output out = globals.output();
        if (out.json()) {
            out.emit(Output.mapper().readTree(c.toJson()));
        } else {
            out.info("erased subject " + c.subjectHash().substring(0, 16) + "...: destroyed "
                    + c.keyIds().size() + " key(s), " + c.snapshots().size() + " snapshot(s) affected, in " + millis
                    + " ms");
            if (c.keyIds().isEmpty()) {
                out.warn("the key store had no key for this subject; future backups will leave it out");
            }
            out.info("certificate #" + c.seq() + " " + c.hash() + " appended to "
                    + ks.ledger().path());
        }
        return 0;
    }
}
