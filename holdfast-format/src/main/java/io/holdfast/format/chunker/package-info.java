/**
 * Content-defined chunkers: restic's Rabin fingerprint chunker (bit-for-bit the same boundaries as restic, so
 * Holdfast deduplicates against restic-written snapshots) and a faster gear-hash FastCDC chunker for repositories that
 * opt into it.
 *
 * <p>Public API: {@link io.holdfast.format.chunker.Polynomial}, {@link io.holdfast.format.chunker.ChunkerSpec} and
 * {@link io.holdfast.format.chunker.Chunker}. Implementations are package-private.
 */
@NullMarked
package io.holdfast.format.chunker;

import org.jspecify.annotations.NullMarked;
