package io.holdfast.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.holdfast.format.FormatJson;

/**
 * How to create a repository.
 *
 * @param version repository format version: 2 (compression) or 1
 * @param extensions Holdfast-only config options, stored where restic ignores them
 */
public record InitOptions(int version, ObjectNode extensions) {
    public static final InitOptions DEFAULTS = new InitOptions(2, FormatJson.object());

    public InitOptions {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("repository version must be 1 or 2");
        }
    }
}
