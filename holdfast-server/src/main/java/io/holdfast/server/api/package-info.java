/** Part of the manager (docs/server.md). */
@NullMarked
package io.holdfast.server.api;

import org.jspecify.annotations.NullMarked;
