package io.holdfast.server.api;

import io.holdfast.server.security.Permission;

/**
 * One route of the API: method, path (Javalin's {@code {param}} syntax, which is also OpenAPI's), the permission it
 * needs, and a summary for the OpenAPI document.
 */
public record Route(String method, String path, Permission permission, String summary) {}
