package io.holdfast.server.api;

import org.jspecify.annotations.Nullable;

/** An error the API answers with: a status, a stable code, a one-line message and, for a bad field, its name. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final @Nullable String field;

    public ApiException(int status, String code, String message, @Nullable String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " does not exist", null);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message, null);
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(422, "invalid", message, field);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public @Nullable String field() {
        return field;
    }
}
