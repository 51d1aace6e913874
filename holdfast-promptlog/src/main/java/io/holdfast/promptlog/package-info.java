/**
 * Prompt and response logs with per-person erasure (crypto-shredding). {@link EnvelopeWriter} turns a JSONL log into
 * an envelope file whose personal content is compressed and then encrypted with a key of its subject (the person the
 * record is about); {@link EnvelopeReader} turns it back, dropping the records whose key was destroyed. Keys live in a
 * {@link SubjectKeyStore} outside the repository ({@link LocalKeyStore} by default), which also keeps the subject index
 * and the hash-chained {@link ErasureLedger}. See docs/design.md §17.
 */
@NullMarked
package io.holdfast.promptlog;

import org.jspecify.annotations.NullMarked;
