/**
 * restic's trees: the JSON listing of one directory, stored as a tree blob whose id is the SHA-256 of its bytes. Nodes
 * carry names, types, Go file modes, times, ownership, extended attributes and content ids.
 */
@NullMarked
package io.holdfast.format.tree;

import org.jspecify.annotations.NullMarked;
