/**
 * The local file system as backup reads it and restore writes it: {@link io.holdfast.engine.fs.LocalFs} (restic's
 * {@code fs.FS}), with paths as bytes ({@link io.holdfast.engine.fs.FsPath}). On Linux the calls go straight to the C
 * library through the FFM API, so that names need not be valid in any charset, nothing is opened that is not a
 * regular file or directory, access times stay as they were, every extended-attribute namespace is kept, and FIFOs and
 * device nodes are restored.
 */
@NullMarked
package io.holdfast.engine.fs;

import org.jspecify.annotations.NullMarked;
