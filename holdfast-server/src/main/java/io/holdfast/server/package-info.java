/** The protection manager: {@code holdfast server} (docs/server.md). */
@NullMarked
package io.holdfast.server;

import org.jspecify.annotations.NullMarked;
