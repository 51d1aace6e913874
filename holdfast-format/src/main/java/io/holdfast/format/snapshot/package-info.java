/** restic's snapshot files: the JSON record of one backup, pointing at its root tree. */
@NullMarked
package io.holdfast.format.snapshot;

import org.jspecify.annotations.NullMarked;
