/**
 * The {@code holdfast} command line: the root command, global options, passwords, exit codes and error reporting.
 * Commands are picocli classes registered in {@link io.holdfast.cli.Main}; they get the shared {@link
 * io.holdfast.cli.GlobalOptions} through a constructor parameter.
 */
@NullMarked
package io.holdfast.cli;

import org.jspecify.annotations.NullMarked;
