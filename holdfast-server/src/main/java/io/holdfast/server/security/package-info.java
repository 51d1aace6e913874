/** Part of the manager (docs/server.md). */
@NullMarked
package io.holdfast.server.security;

import org.jspecify.annotations.NullMarked;
