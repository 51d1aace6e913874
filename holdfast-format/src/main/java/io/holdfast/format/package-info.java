/**
 * restic's repository format v2 as bytes: ids, crypto, compression, pack files, index files, trees, snapshots and
 * chunkers. Pure functions and value types; no I/O against a backend.
 */
@NullMarked
package io.holdfast.format;

import org.jspecify.annotations.NullMarked;
