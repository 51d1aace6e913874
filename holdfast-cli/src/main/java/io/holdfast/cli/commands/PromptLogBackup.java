package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.Progress;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.client.Holdfast;
import io.holdfast.client.LogPrefixDigest;
import io.holdfast.client.PromptLogResult;
import io.holdfast.engine.BackupOptions;
import io.holdfast.promptlog.BadRecord;
import io.holdfast.promptlog.EncodeResult;
import io.holdfast.promptlog.LocalKeyStore;
import io.holdfast.promptlog.PromptLogOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code backup --prompt-log}: one log, from a file or standard input, into a snapshot tagged {@code promptlog}. */
final class PromptLogBackup {
    private PromptLogBackup() {}

    static int run(GlobalOptions globals, KeyStoreOptions keystore, PromptLogArgs args, BackupCommand cmd)
            throws Exception {
        if (cmd.stdinFromCommand) {
            throw new CliException(ExitCode.USAGE, "--prompt-log reads a FILE or --stdin, not --stdin-from-command");
        }
        if (cmd.stdin == !cmd.paths.isEmpty() || cmd.paths.size() > 1) {
            throw new CliException(ExitCode.USAGE, "--prompt-log backs up exactly one log: give one FILE or --stdin");
        }
        PromptLogOptions pl;
        try {
            pl = args.options();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, String.valueOf(e.getMessage()));
        }
        Path file = cmd.stdin ? null : Path.of(cmd.paths.get(0));
        String name = file == null ? cmd.stdinFilename : String.valueOf(file.getFileName());
        BackupOptions opts = new BackupOptions(
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                cmd.tags,
                cmd.host,
                null,
                false,
                name,
                List.of(),
                cmd.readConcurrency,
                io.holdfast.engine.ModelOptions.DEFAULTS,
                null);
        Output out = globals.output();
        ProgressCounters counters = new ProgressCounters();
        PromptLogResult r;
        // the log's earlier bytes are hashed while the repository's and the key store's keys are derived
        LogPrefixDigest prefix =
                file != null && !args.noResume && Files.isRegularFile(file) ? LogPrefixDigest.start(file) : null;
        KeyStoreOptions.Opening opening = keystore.openInBackground(globals, true);
        LocalKeyStore ks;
        try (LogPrefixDigest started = prefix;
                Holdfast h = Repos.open(globals);
                Progress progress = globals.startProgress(counters)) {
            ks = opening.get();
            CountingProgress p = new CountingProgress(counters, out);
            r = file == null
                    ? h.backupPromptLog(opts, pl, ks, System.in, p)
                    : h.backupPromptLog(opts, pl, ks, file, !args.noResume, started, p);
        } catch (IOException | RuntimeException e) {
            if (DiskFull.matches(e)) {
                throw DiskFull.backupFailed(globals.requireRepository(), e);
            }
            throw e;
        }
        EncodeResult log = r.log();
        for (BadRecord b : log.badRecords()) {
            out.warn(name + ": skipped " + b);
        }
        if (log.badCount() > log.badRecords().size()) {
            out.warn(name + ": " + (log.badCount() - log.badRecords().size()) + " more bad lines skipped");
        }
        if (out.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "prompt_log");
            m.put("file", "/" + name);
            m.put("lines", log.lines());
            m.put("records", log.records());
            m.put("subjects", log.subjects().size());
            m.put("bytes_in", log.bytesIn());
            m.put("envelope_bytes", log.bytesOut());
            m.put("bad_records", log.badCount());
            m.put(
                    "bad_record_list",
                    log.badRecords().stream()
                            .map(b -> Map.of("line", b.line(), "bytes", b.bytes(), "reason", b.reason()))
                            .toList());
            m.put("erased_subject_records_skipped", log.erasedSkipped());
            m.put("keystore", ks.path().toString());
            m.put("resumed_from_bytes", r.resumedFrom());
            if (!r.resumeNote().isEmpty()) {
                m.put("resume_note", r.resumeNote());
            }
            out.emit(m);
        } else {
            if (r.resumedFrom() > 0) {
                out.info(String.format(
                        "Prompt log:  continued after the %d bytes enveloped by the last backup", r.resumedFrom()));
            } else if (!r.resumeNote().isEmpty()) {
                out.verbose(1, "Prompt log:  enveloped whole: " + r.resumeNote());
            }
            out.info(String.format(
                    "Prompt log:  %d records of %d subjects, %d bad lines skipped, %d lines of erased subjects left out",
                    log.records(), log.subjects().size(), log.badCount(), log.erasedSkipped()));
        }
        BackupCommand.print(out, r.backup());
        return log.badCount() > 0 || r.backup().partial() ? ExitCode.BACKUP_PARTIAL : ExitCode.OK;
    }
}
