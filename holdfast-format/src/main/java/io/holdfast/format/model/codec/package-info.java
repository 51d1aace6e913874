/**
 * The model codec: a lossless, self-describing encoding of one tensor's bytes (or a piece of a tensor) that groups
 * the bytes of each element by position ("byte planes"), optionally XORs them with the same tensor of a base model
 * first, and compresses each plane with zstd. {@link io.holdfast.format.model.codec.TensorEncoder} encodes,
 * {@link io.holdfast.format.model.codec.TensorDecoder} decodes and verifies the plaintext's SHA-256; the byte layout
 * is {@link io.holdfast.format.model.codec.EncodedHeader} and {@code docs/design.md} §16.
 */
@NullMarked
package io.holdfast.format.model.codec;

import org.jspecify.annotations.NullMarked;
