/** Part of the manager (docs/server.md). */
@NullMarked
package io.holdfast.server.jobs;

import org.jspecify.annotations.NullMarked;
