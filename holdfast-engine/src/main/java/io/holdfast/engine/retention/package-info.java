/**
 * Immutability of a repository on storage that can lock files (S3 Object Lock): which files the live snapshots
 * need, keeping their locks ahead of the retention period, reporting lock coverage, and legal holds (docs/design.md
 * §2.2 and §2.3).
 */
@NullMarked
package io.holdfast.engine.retention;

import org.jspecify.annotations.NullMarked;
