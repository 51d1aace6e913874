/** Part of the manager (docs/server.md). */
@NullMarked
package io.holdfast.server.policy;

import org.jspecify.annotations.NullMarked;
