/**
 * JMH micro-benchmarks of what one core can do in a backup: content-defined chunking (Rabin and FastCDC), SHA-256,
 * zstd, AES-256-CTR with Poly1305-AES, pack assembly, and all of them together. Each benchmark processes one buffer of
 * {@code size} bytes per operation, so throughput in bytes per second is {@code ops/s * size}. The buffers are made by
 * {@link io.holdfast.bench.BenchData}: incompressible random bytes, English-like text, or bf16 model weights.
 */
@NullMarked
package io.holdfast.bench;

import org.jspecify.annotations.NullMarked;
