package io.holdfast.cli.commands;

import io.holdfast.promptlog.BadRecordPolicy;
import io.holdfast.promptlog.PromptLogOptions;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options of {@code backup --prompt-log}. */
final class PromptLogArgs {
    @Option(
            names = "--prompt-log",
            required = true,
            description =
                    "Back up one JSONL prompt/response log (a FILE, or --stdin) as an envelope file whose personal "
                            + "fields are encrypted with a key per subject, so 'holdfast erase' can put a person's records "
                            + "beyond use in every snapshot. The snapshot is tagged 'promptlog'.")
    boolean enabled;

    @Option(
            names = "--subject",
            paramLabel = "POINTER",
            description = "JSON pointer of the subject id, the person a record is about (default: /user_id).")
    String subject = PromptLogOptions.DEFAULTS.subject();

    @Option(
            names = "--timestamp",
            paramLabel = "POINTER",
            description = "JSON pointer of the record's time, kept per subject in the subject index.")
    @Nullable
    String timestamp;

    @Option(
            names = "--personal",
            paramLabel = "POINTER[,POINTER]",
            split = ",",
            description = "Personal fields to encrypt (default: the whole record). The subject field is always "
                    + "encrypted; the other fields stay in clear inside the envelope.")
    List<String> personal = new ArrayList<>();

    @Option(
            names = "--on-bad-record",
            paramLabel = "skip|fail",
            description = "Lines that are not JSON objects, lack the subject or exceed --max-record-size: 'fail' "
                    + "stops without a snapshot (default), 'skip' leaves them out, lists them with their line numbers "
                    + "and exits with code 3.")
    String onBadRecord = "fail";

    @Option(
            names = "--max-record-size",
            paramLabel = "BYTES",
            description = "Longest line accepted (default: 16777216).")
    int maxRecordSize = PromptLogOptions.DEFAULTS.maxRecordBytes();

    @Option(
            names = "--no-resume",
            description = "Envelope the whole log again, instead of continuing from the checkpoint of the last backup "
                    + "of the same FILE (which reads and seals only the lines appended since, and is used only when "
                    + "the log's earlier bytes, the options and the subjects' keys are unchanged).")
    boolean noResume;

    PromptLogOptions options() {
        BadRecordPolicy policy = switch (onBadRecord) {
            case "skip" -> BadRecordPolicy.SKIP;
            case "fail" -> BadRecordPolicy.FAIL;
            default ->
                throw new IllegalArgumentException("--on-bad-record must be skip or fail, not '" + onBadRecord + "'");
        };
        return PromptLogOptions.DEFAULTS
                .withSubject(subject)
                .withTimestamp(timestamp)
                .withPersonal(personal)
                .withOnBadRecord(policy)
                .withMaxRecordBytes(maxRecordSize);
    }
}
