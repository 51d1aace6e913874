/**
 * The storage layer: a small interface to a store of immutable, write-once files ({@link
 * io.holdfast.storage.Backend}), with implementations and decorators for retries and fault injection.
 */
@NullMarked
package io.holdfast.storage;

import org.jspecify.annotations.NullMarked;
