package io.holdfast.server.security;

import static io.holdfast.server.security.Role.ADMIN;
import static io.holdfast.server.security.Role.AUDITOR;
import static io.holdfast.server.security.Role.OPERATOR;
import static io.holdfast.server.security.Role.RESTORE;
import static io.holdfast.server.security.Role.SECURITY_OFFICER;

import io.javalin.security.RouteRole;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The permission table: every route needs one permission, and each permission lists the roles that hold it. The
 * route × role test (PermissionMatrixTest) checks every route against this table, allowed and denied.
 */
public enum Permission implements RouteRole {
    /** No token needed: {@code /healthz} only. */
    PUBLIC(),
    /** Who am I, the OpenAPI document, the roles: any valid token. */
    SERVER_READ(ADMIN, OPERATOR, RESTORE, AUDITOR, SECURITY_OFFICER),
    METRICS_READ(ADMIN, OPERATOR, AUDITOR, SECURITY_OFFICER),
    TARGET_READ(ADMIN, OPERATOR, AUDITOR, SECURITY_OFFICER),
    TARGET_WRITE(ADMIN, OPERATOR),
    ASSET_READ(ADMIN, OPERATOR, AUDITOR, SECURITY_OFFICER),
    ASSET_WRITE(ADMIN, OPERATOR),
    POLICY_READ(ADMIN, OPERATOR, AUDITOR, SECURITY_OFFICER),
    POLICY_WRITE(ADMIN, OPERATOR),
    POLICY_RUN(ADMIN, OPERATOR),
    JOB_READ(ADMIN, OPERATOR, RESTORE, AUDITOR, SECURITY_OFFICER),
    JOB_CANCEL(ADMIN, OPERATOR),
    COPY_READ(ADMIN, OPERATOR, RESTORE, AUDITOR, SECURITY_OFFICER),
    RESTORE_RUN(ADMIN, OPERATOR, RESTORE),
    ALERT_READ(ADMIN, OPERATOR, AUDITOR, SECURITY_OFFICER),
    ALERT_ACK(ADMIN, OPERATOR, SECURITY_OFFICER),
    AUDIT_READ(ADMIN, AUDITOR, SECURITY_OFFICER),
    AUDIT_EXPORT(ADMIN, AUDITOR, SECURITY_OFFICER),
    HOLD_ADD(ADMIN, SECURITY_OFFICER),
    /** An administrator alone cannot lift a legal hold. */
    HOLD_REMOVE(SECURITY_OFFICER),
    ERASE(SECURITY_OFFICER),
    WEBHOOK_READ(ADMIN, AUDITOR, SECURITY_OFFICER),
    WEBHOOK_WRITE(ADMIN),
    USER_READ(ADMIN, AUDITOR, SECURITY_OFFICER),
    USER_WRITE(ADMIN);

    private final Set<Role> roles;

    Permission(Role... roles) {
        this.roles = roles.length == 0 ? EnumSet.noneOf(Role.class) : EnumSet.of(roles[0], roles);
    }

    public boolean grantedTo(Role role) {
        return this == PUBLIC || roles.contains(role);
    }

    public Set<Role> roles() {
        return this == PUBLIC ? EnumSet.allOf(Role.class) : EnumSet.copyOf(roles);
    }

    /** The permission's name in the API and docs: {@code policy:write}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replaceFirst("_", ":").replace('_', '-');
    }
}
