/** One class per command: each parses its options into the client's option records and prints the result. */
@NullMarked
package io.holdfast.cli.commands;

import org.jspecify.annotations.NullMarked;
