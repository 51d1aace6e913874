/**
 * Repository maintenance: {@code prune} (a pure {@link io.holdfast.engine.maintenance.PrunePlanner} and a crash-safe
 * executor), and {@code repair index}, {@code repair snapshots} and {@code repair packs}. Every operation writes new
 * files before it deletes old ones, so a crash at any point leaves a repository that passes {@code check}; see the
 * "Failure model" section of docs/design.md.
 */
@NullMarked
package io.holdfast.engine.maintenance;

import org.jspecify.annotations.NullMarked;
