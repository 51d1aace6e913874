/** Index files: the map from blobs to the packs that hold them. */
@NullMarked
package io.holdfast.format.index;

import org.jspecify.annotations.NullMarked;
