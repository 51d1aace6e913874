/**
 * A backend on a local (or mounted) filesystem, laid out like restic's local backend: {@code config}, {@code keys/},
 * {@code locks/}, {@code snapshots/}, {@code index/} and {@code data/00} to {@code data/ff}.
 */
@NullMarked
package io.holdfast.storage.local;

import org.jspecify.annotations.NullMarked;
