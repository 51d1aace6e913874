/** The CLI as a client of {@code holdfast server}: {@code policy apply}, {@code jobs}. */
@NullMarked
package io.holdfast.cli.remote;

import org.jspecify.annotations.NullMarked;
