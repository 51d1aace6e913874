/**
 * The client facade: the operations a user runs (init, backup, restore, check, ...), each taking an immutable
 * options record, opening what it needs and holding the right lock. The CLI and, later, the REST server call only
 * this package.
 */
@NullMarked
package io.holdfast.client;

import org.jspecify.annotations.NullMarked;
