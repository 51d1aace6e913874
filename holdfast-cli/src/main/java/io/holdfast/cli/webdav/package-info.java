/** {@code holdfast webdav}: the repository's snapshots served read-only over WebDAV, Holdfast's answer to {@code mount}. */
@NullMarked
package io.holdfast.cli.webdav;

import org.jspecify.annotations.NullMarked;
