/** Pack files: encrypted blobs followed by an encrypted header and its length. */
@NullMarked
package io.holdfast.format.pack;

import org.jspecify.annotations.NullMarked;
