/** Progress counters that long-running operations increment, and their terminal or JSON rendering. */
@NullMarked
package io.holdfast.cli.progress;

import org.jspecify.annotations.NullMarked;
