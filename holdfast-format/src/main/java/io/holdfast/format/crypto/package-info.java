/**
 * restic's cryptography: AES-256-CTR with Poly1305-AES authentication, scrypt key files wrapping the master key.
 */
@NullMarked
package io.holdfast.format.crypto;

import org.jspecify.annotations.NullMarked;
