/** Part of the manager (docs/server.md). */
@NullMarked
package io.holdfast.server.catalog;

import org.jspecify.annotations.NullMarked;
