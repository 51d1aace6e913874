package io.holdfast.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.security.Principal;
import io.javalin.http.Context;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Helpers for handlers: the caller, the body, query parameters. */
public final class Requests {
    static final String PRINCIPAL = "holdfast.principal";

    private Requests() {}

    public static Principal principal(Context ctx) {
        return Objects.requireNonNull(ctx.attribute(PRINCIPAL), "no principal");
    }

    /** The body as {@code type}; a malformed body or an unknown field is a 400 naming it. */
    public static <T> T body(Context ctx, Class<T> type) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw ApiException.badRequest("the request needs a JSON body");
        }
        try {
            T value = Json.MAPPER.readValue(body, type);
            if (value == null) {
                throw ApiException.badRequest("the request needs a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new ApiException(
                    400, "bad_request", "unknown field '" + e.getPropertyName() + "'", e.getPropertyName());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON for this request: " + e.getOriginalMessage());
        }
    }

    public static int intQuery(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter " + name + " must be a number");
        }
    }

    public static @Nullable Long longQuery(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter " + name + " must be a number");
        }
    }
}
