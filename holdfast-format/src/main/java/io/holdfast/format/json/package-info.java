/**
 * Byte-exact JSON as restic's Go code writes it: Go's {@code encoding/json} string escaping, {@code strconv} quoting,
 * {@code time.Time} text, and a Jackson-based reader and writer that keep unknown values verbatim.
 */
@NullMarked
package io.holdfast.format.json;

import org.jspecify.annotations.NullMarked;
