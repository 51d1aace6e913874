package io.holdfast.cli.commands;

import io.holdfast.cli.CliEnvironment;
import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.PasswordSource;
import io.holdfast.cli.output.Formats;
import io.holdfast.cli.output.GoText;
import io.holdfast.cli.output.Output;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.Copier;
import io.holdfast.engine.CopyOptions;
import io.holdfast.engine.CopyResult;
import io.holdfast.engine.SnapshotFilter;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.Id;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast copy}: copies snapshots from another repository into this one, as restic's {@code copy}. */
@Command(
        name = "copy",
        description = {
            "Copy snapshots from the repository given by --from-repo into the repository given by -r.",
            "Only data the destination lacks is transferred; snapshots copied before are skipped.",
            "--rechunk cuts file contents again with the destination's chunker, for deduplication with its backups."
        })
public final class CopyCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(
            paramLabel = "SNAPSHOT",
            description = "Snapshots to copy (id, id prefix or latest); default: all that pass the filters.")
    List<String> snapshots = new ArrayList<>();

    @Option(
            names = "--from-repo",
            paramLabel = "REPOSITORY",
            description = "Source repository (env: HOLDFAST_FROM_REPOSITORY, RESTIC_FROM_REPOSITORY).")
    @Nullable
    String fromRepo;

    @Option(
            names = "--from-password-file",
            paramLabel = "FILE",
            description = "Read the source password from FILE "
                    + "(env: HOLDFAST_FROM_PASSWORD_FILE, RESTIC_FROM_PASSWORD_FILE).")
    @Nullable
    Path fromPasswordFile;

    @Option(
            names = "--from-password-command",
            paramLabel = "COMMAND",
            description = "Run COMMAND for the source password "
                    + "(env: HOLDFAST_FROM_PASSWORD_COMMAND, RESTIC_FROM_PASSWORD_COMMAND; "
                    + "or HOLDFAST_FROM_PASSWORD, RESTIC_FROM_PASSWORD).")
    @Nullable
    String fromPasswordCommand;

    @Mixin
    SnapshotFilterOptions filter = new SnapshotFilterOptions();

    @Option(
            names = "--rechunk",
            description = "Re-chunk file contents with the destination's chunker (slower; better deduplication"
                    + " when the chunkers differ).")
    boolean rechunk;

    public CopyCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        CliEnvironment env = globals.environment();
        String from = fromRepo != null && !fromRepo.isEmpty()
                ? fromRepo
                : env.firstEnv("HOLDFAST_FROM_REPOSITORY", "RESTIC_FROM_REPOSITORY");
        if (from == null) {
            throw CliException.fatal("no source repository given: use --from-repo or set HOLDFAST_FROM_REPOSITORY");
        }
        String to = globals.requireRepository();
        String fromPassword = sourcePasswords(env).password("enter password for source repository: ");
        String toPassword = globals.passwords().password("enter password for destination repository: ");
        Output out = globals.output();
        SnapshotFilter snapshotFilter = filter.filter();
        CopyResult result;
        try (Holdfast source = Holdfast.open(
                        from, globals.storageEnvironment(), fromPassword, Repos.options(globals), globals.noLock());
                Holdfast destination =
                        Holdfast.open(to, globals.storageEnvironment(), toPassword, Repos.options(globals), false)) {
            if (!rechunk && !Copier.sameChunker(source.repository(), destination.repository())) {
                out.info("the repositories use different chunker parameters: copied files will not deduplicate"
                        + " with backups into the destination (--rechunk cuts them again)");
            }
            result = destination.copyFrom(
                    source, new CopyOptions(snapshots, snapshotFilter, rechunk), new Listener(out));
        }
        if (out.json()) {
            out.emit(summary(result));
        } else {
            out.print("copied " + result.copied().size() + " snapshots, skipped "
                    + result.skipped().size()
                    + " already copied; added " + result.dataBlobs() + " data blobs and " + result.treeBlobs()
                    + " tree blobs, " + Formats.bytes(result.bytesAdded()));
        }
        return ExitCode.OK;
    }

    private PasswordSource sourcePasswords(CliEnvironment env) {
        return PasswordSource.of(fromPasswordFile, fromPasswordCommand, env, "FROM_")
                .whenMissing("no password given for the source repository (--from-repo): set HOLDFAST_FROM_PASSWORD,"
                        + " --from-password-file or --from-password-command");
    }

    private static Map<String, Object> summary(CopyResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message_type", "summary");
        List<Map<String, String>> copied = new ArrayList<>();
        for (CopyResult.Copied c : r.copied()) {
            copied.add(Map.of("source", c.source().hex(), "id", c.copy().hex()));
        }
        List<Map<String, String>> skipped = new ArrayList<>();
        for (CopyResult.Skipped s : r.skipped()) {
            skipped.add(
                    Map.of("source", s.source().hex(), "existing", s.existing().hex()));
        }
        m.put("snapshots_copied", copied);
        m.put("snapshots_skipped", skipped);
        m.put("data_blobs", r.dataBlobs());
        m.put("tree_blobs", r.treeBlobs());
        m.put("data_added", r.bytesAdded());
        m.put("rechunked", r.rechunked());
        return m;
    }

    /** Says what happens to each snapshot, as restic's copy does. */
    private record Listener(Output out) implements Copier.Listener {
        @Override
        public void skipped(Snapshots.Ref source, Id existing) {
            out.info("skipping snapshot " + source.id().shortHex() + ", already copied to " + existing.shortHex());
        }

        @Override
        public void started(Snapshots.Ref source) {
            // restic's "snapshot %s of %v at %s": Go's []string and time.Time formatting
            out.info("copying snapshot " + source.id().shortHex() + " of ["
                    + String.join(" ", source.snapshot().paths()) + "] at "
                    + GoText.goString(source.snapshot().time()));
        }

        @Override
        public void copied(Snapshots.Ref source, Id copy) {
            out.info("snapshot " + copy.shortHex() + " saved");
        }
    }
}
