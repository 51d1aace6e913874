package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.output.Table;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.Snapshots;
import io.holdfast.promptlog.LocalKeyStore;
import io.holdfast.promptlog.SubjectIndexEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code holdfast subjects find SUBJECT}: where a person's prompt-log records are. */
@Command(
        name = "subjects",
        description = "Find the snapshots holding a subject's prompt-log records (the subject index).",
        subcommands = {SubjectsCommand.Find.class})
public final class SubjectsCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    public SubjectsCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() {
        globals.output().warn("use: subjects find SUBJECT");
        return ExitCode.USAGE;
    }

    @Command(
            name = "find",
            description = {
                "List the snapshots, files and record counts holding SUBJECT, from the subject index written at backup "
                        + "time into the key store. Snapshots since removed by forget are marked as gone.",
                "Exit code 1 if the subject is in no snapshot."
            })
    static final class Find implements Callable<Integer> {
        private final GlobalOptions globals;

        @Parameters(index = "0", paramLabel = "SUBJECT", description = "The subject id, as in the log's subject field.")
        String subject = "";

        @Mixin
        KeyStoreOptions keystore = new KeyStoreOptions();

        Find(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            LocalKeyStore ks = keystore.open(globals, false);
            List<SubjectIndexEntry> found = ks.find(subject);
            Map<String, Snapshots.Ref> present = new HashMap<>();
            try (Holdfast h = Repos.open(globals)) {
                for (Snapshots.Ref r : h.snapshots()) {
                    present.put(r.id().hex(), r);
                }
            }
            Output out = globals.output();
            List<Map<String, Object>> rows = new ArrayList<>();
            Table t = new Table("Snapshot", "Time", "Path", "Records", "First", "Last");
            for (SubjectIndexEntry e : found) {
                Snapshots.Ref ref = present.get(e.snapshot());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("snapshot", e.snapshot());
                m.put("present", ref != null);
                m.put(
                        "time",
                        ref == null
                                ? null
                                : io.holdfast.format.json.GoTime.format(
                                        ref.snapshot().time()));
                m.put("path", e.path());
                m.put("records", e.records());
                m.put("first", e.first());
                m.put("last", e.last());
                rows.add(m);
                t.row(
                        e.snapshot().substring(0, 8) + (ref == null ? " (gone)" : ""),
                        ref == null
                                ? ""
                                : io.holdfast.cli.output.GoText.localTime(
                                        ref.snapshot().time()),
                        e.path(),
                        Long.toString(e.records()),
                        e.first() == null ? "" : e.first(),
                        e.last() == null ? "" : e.last());
            }
            if (out.json()) {
                out.emit(rows);
            } else if (found.isEmpty()) {
                out.info("subject is in no snapshot (or was erased)");
            } else {
                out.table(t);
            }
            return found.stream().anyMatch(e -> present.containsKey(e.snapshot())) ? ExitCode.OK : ExitCode.FATAL;
        }
    }
}
