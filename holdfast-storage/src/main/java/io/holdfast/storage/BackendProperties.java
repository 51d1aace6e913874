package io.holdfast.storage;

/**
 * Properties of a backend that callers tune themselves to.
 *
 * @param connections how many requests the backend serves well at once
 * @param local whether the data lives on this machine (cheap random reads)
 */
public record BackendProperties(int connections, boolean local) {}
