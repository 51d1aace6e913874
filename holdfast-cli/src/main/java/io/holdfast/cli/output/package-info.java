/** Human and JSON output: byte sizes, durations, tables. */
@NullMarked
package io.holdfast.cli.output;

import org.jspecify.annotations.NullMarked;
