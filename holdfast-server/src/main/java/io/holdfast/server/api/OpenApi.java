package io.holdfast.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.security.Permission;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of the API, made from the route table (so no route can be missing from it) and committed
 * as docs/openapi.json (OpenApiTest fails when the committed copy differs or does not validate). Each operation names
 * the permission it needs ({@code x-permission}) and the roles that hold it ({@code x-roles}).
 */
public final class OpenApi {
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z]+)}");

    private OpenApi() {}

    public static ObjectNode document(List<Route> routes, String version) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Holdfast manager API");
        info.put("version", version);
        info.put(
                "description",
                "Policies, schedules, jobs, the catalog of copies, restores, RBAC and the audit trail"
                        + " of `holdfast server`. See docs/server.md.");
        doc.putArray("servers").addObject().put("url", "/");
        ObjectNode schemes = doc.putObject("components").putObject("securitySchemes");
        schemes.putObject("token").put("type", "http").put("scheme", "bearer");
        ObjectNode schemas = ((ObjectNode) doc.get("components")).putObject("schemas");
        ObjectNode err = schemas.putObject("Error").put("type", "object");
        ObjectNode errProps = err.putObject("properties")
                .putObject("error")
                .put("type", "object")
                .putObject("properties");
        errProps.putObject("code").put("type", "string");
        errProps.putObject("message").put("type", "string");
        errProps.putObject("field").put("type", "string");
        ObjectNode paths = doc.putObject("paths");
        for (Route r : routes) {
            ObjectNode path = paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
            ObjectNode op = path.putObject(r.method().toLowerCase(Locale.ROOT));
            op.put("operationId", operationId(r));
            op.put("summary", r.summary());
            op.put("x-permission", r.permission().label());
            ArrayNode roles = op.putArray("x-roles");
            r.permission().roles().forEach(role -> roles.add(role.label()));
            if (r.permission() == Permission.PUBLIC) {
                op.putArray("security");
            } else {
                op.putArray("security").addObject().putArray("token");
            }
            Matcher m = PARAM.matcher(r.path());
            ArrayNode params = null;
            while (m.find()) {
                if (params == null) {
                    params = op.putArray("parameters");
                }
                ObjectNode p = params.addObject();
                p.put("name", m.group(1));
                p.put("in", "path");
                p.put("required", true);
                p.putObject("schema").put("type", "string");
            }
            if (r.method().equals("POST") || r.method().equals("PUT")) {
                ObjectNode body = op.putObject("requestBody");
                body.put("required", false);
                body.putObject("content")
                        .putObject("application/json")
                        .putObject("schema")
                        .put("type", "object");
            }
            ObjectNode responses = op.putObject("responses");
            ObjectNode ok = responses.putObject(r.method().equals("POST") ? "200" : "200");
            ok.put("description", "success");
            if (!r.path().equals("/metrics")) {
                ok.putObject("content").putObject("application/json").putObject("schema");
            }
            if (r.permission() != Permission.PUBLIC) {
                responses
                        .putObject("401")
                        .put("description", "no token, or an unknown or revoked one")
                        .putObject("content")
                        .putObject("application/json")
                        .putObject("schema")
                        .put("$ref", "#/components/schemas/Error");
                responses
                        .putObject("403")
                        .put(
                                "description",
                                "the token's role lacks " + r.permission().label())
                        .putObject("content")
                        .putObject("application/json")
                        .putObject("schema")
                        .put("$ref", "#/components/schemas/Error");
            }
        }
        return doc;
    }

    static String operationId(Route r) {
        StringBuilder sb = new StringBuilder(r.method().toLowerCase(Locale.ROOT));
        for (String part : r.path().split("[/.{}-]+")) {
            if (part.isEmpty() || part.equals("api") || part.equals("v1")) {
                continue;
            }
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }
}
