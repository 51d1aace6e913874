package io.holdfast.client;

import io.holdfast.engine.BackupResult;
import io.holdfast.promptlog.EncodeResult;

/**
 * The result of a prompt-log backup: the snapshot's and the envelope's.
 *
 * @param backup the snapshot written
 * @param log what the envelope writer did: records, bad lines, subjects
 */
public record PromptLogResult(BackupResult backup, EncodeResult log) {}
