/** Part of the manager (docs/server.md). */
@NullMarked
package io.holdfast.server.audit;

import org.jspecify.annotations.NullMarked;
