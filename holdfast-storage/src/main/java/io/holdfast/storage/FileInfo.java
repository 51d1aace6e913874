package io.holdfast.storage;

/**
 * What a backend knows of one stored file.
 *
 * @param handle the file
 * @param size its length in bytes
 */
public record FileInfo(Handle handle, long size) {}
