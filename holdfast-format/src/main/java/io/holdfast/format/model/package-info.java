/**
 * Model files: recognising safetensors, PyTorch zip checkpoints, GGUF, ONNX and NumPy {@code .npy}/{@code .npz} by
 * their content (never by name), and parsing them, without executing anything, into a {@link
 * io.holdfast.format.model.ModelLayout}: the list of tensors with their dtype, shape and absolute byte extent in the
 * file. The archiver cuts chunks at tensor boundaries from it, {@code validate} checks it, and the model codec works
 * tensor by tensor on it.
 *
 * <p>Public API: {@link io.holdfast.format.model.ModelFiles} (detection), {@link io.holdfast.format.model.ModelSource}
 * (random-access bytes), {@link io.holdfast.format.model.ModelLayout}, {@link io.holdfast.format.model.TensorExtent},
 * {@link io.holdfast.format.model.DType}, {@link io.holdfast.format.model.ModelFormat}, {@link
 * io.holdfast.format.model.InvalidModelException}, and {@link io.holdfast.format.model.TensorScan} (value statistics).
 * Parsers are package-private. Every parser bounds what it allocates by the file's size and fixed limits, so a hostile
 * header yields an {@link io.holdfast.format.model.InvalidModelException}, never an {@code OutOfMemoryError} or a hang.
 */
@NullMarked
package io.holdfast.format.model;

import org.jspecify.annotations.NullMarked;
