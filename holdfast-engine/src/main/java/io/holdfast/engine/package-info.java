/**
 * The engine: backup (archiver), restore (restorer), check (checker) and tree walking, built on an open {@link
 * io.holdfast.repository.Repository}.
 */
@NullMarked
package io.holdfast.engine;

import org.jspecify.annotations.NullMarked;
