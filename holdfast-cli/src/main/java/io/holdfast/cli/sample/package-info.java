/** A deterministic, small AI workload (dataset, model checkpoints, prompt log) for the quickstart and tests. */
@NullMarked
package io.holdfast.cli.sample;

import org.jspecify.annotations.NullMarked;
