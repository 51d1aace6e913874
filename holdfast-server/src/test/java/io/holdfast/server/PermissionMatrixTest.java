package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.server.api.Route;
import io.holdfast.server.security.Permission;
import io.holdfast.server.security.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every route × every role (and no token, and a revoked token) and checks the answer against the permission
 * table: a role that lacks the route's permission gets 403, one that holds it gets past authorisation (anything but
 * 401/403), no token gets 401 except on {@code /healthz}.
 */
class PermissionMatrixTest {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String concrete(String path) {
        return path.replaceAll("\\{[A-Za-z]+}", "0000000000000000");
    }

    @Test
    void everyRouteAllowsExactlyTheRolesOfItsPermission() {
        List<Route> routes = server.server.api().routes();
        assertThat(routes).hasSizeGreaterThan(30);
        List<String> wrong = new ArrayList<>();
        int checks = 0;
        for (Route r : routes) {
            String body = r.method().equals("POST") || r.method().equals("PUT") ? "{}" : null;
            for (Role role : Role.values()) {
                var resp = server.call(r.method(), concrete(r.path()), server.tokens.get(role), body);
                boolean allowed = r.permission().grantedTo(role);
                boolean passed = resp.status() != 401 && resp.status() != 403;
                if (allowed != passed) {
                    wrong.add(r.method() + " " + r.path() + " as " + role.label() + ": " + resp.status() + " "
                            + resp.body() + " (table says " + (allowed ? "allow" : "deny") + ")");
                }
                if (!allowed) {
                    assertThat(resp.status()).as(r + " as " + role).isEqualTo(403);
                }
                checks++;
            }
            var anonymous = server.call(r.method(), concrete(r.path()), null, body);
            if (r.permission() == Permission.PUBLIC) {
                assertThat(anonymous.status()).as(r.toString()).isEqualTo(200);
            } else {
                assertThat(anonymous.status()).as(r + " without a token").isEqualTo(401);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(checks).isEqualTo(routes.size() * Role.values().length);
    }

    @Test
    void theTableKeepsTheSeparationOfDuties() {
        assertThat(Permission.HOLD_REMOVE.grantedTo(Role.ADMIN)).isFalse();
        assertThat(Permission.ERASE.grantedTo(Role.ADMIN)).isFalse();
        assertThat(Permission.POLICY_WRITE.grantedTo(Role.RESTORE)).isFalse();
        for (Permission p : Permission.values()) {
            if (p.name().endsWith("WRITE")
                    || p.name().endsWith("RUN")
                    || p.name().endsWith("CANCEL")
                    || p.name().endsWith("ACK")
                    || p.name().startsWith("HOLD")
                    || p == Permission.ERASE) {
                assertThat(p.grantedTo(Role.AUDITOR)).as(p.name()).isFalse();
            }
        }
    }

    @Test
    void aRevokedTokenIsRefused() {
        var made = server.admin("POST", "/api/v1/tokens", "{\"user\":\"operator\",\"label\":\"short-lived\"}");
        assertThat(made.status()).isEqualTo(201);
        String token = made.json().get("token").asText();
        assertThat(server.call("GET", "/api/v1/policies", token, null).status()).isEqualTo(200);
        assertThat(server.admin(
                                "DELETE",
                                "/api/v1/tokens/" + made.json().get("id").asText(),
                                null)
                        .status())
                .isEqualTo(204);
        assertThat(server.call("GET", "/api/v1/policies", token, null).status()).isEqualTo(401);
        assertThat(server.admin("GET", "/api/v1/tokens", null).body()).doesNotContain(token);
    }
}
