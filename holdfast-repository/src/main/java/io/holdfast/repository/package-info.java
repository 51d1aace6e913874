/**
 * The repository layer: opening a repository with a password, the master index, saving blobs into packs and index
 * files in a crash-safe order, keys and locks.
 */
@NullMarked
package io.holdfast.repository;

import org.jspecify.annotations.NullMarked;
