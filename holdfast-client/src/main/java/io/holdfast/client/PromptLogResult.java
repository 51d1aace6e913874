package io.holdfast.client;

import io.holdfast.engine.BackupResult;
import io.holdfast.promptlog.EncodeResult;

/**
 * The result of a prompt-log backup: the snapshot's and the envelope's.
 *
 * @param backup the snapshot written
 * @param log what the envelope writer did, counted over the whole log: records, bad lines, subjects
 * @param resumedFrom bytes of the log not read again because the envelope was continued from the last backup's
 *     checkpoint; 0 when the whole log was enveloped
 * @param resumeNote why the envelope was not continued, or what went wrong saving the next checkpoint; empty if nothing
 */
public record PromptLogResult(BackupResult backup, EncodeResult log, long resumedFrom, String resumeNote) {}
