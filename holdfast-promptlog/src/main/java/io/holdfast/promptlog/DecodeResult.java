package io.holdfast.promptlog;

/**
 * What {@link EnvelopeReader} did with an envelope.
 *
 * @param records records written back
 * @param erased records left out because their subject's key was destroyed
 * @param bytesOut bytes of log written
 */
public record DecodeResult(long records, long erased, long bytesOut) {}
