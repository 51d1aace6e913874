package io.holdfast.server.security;

import java.util.Locale;

/** The server's roles (docs/server.md). What each may do is {@link Permission}'s table. */
public enum Role {
    /** Everything but removing a legal hold, erasing prompt-log subjects and deleting audit rows. */
    ADMIN,
    /** Targets, assets, policies, running and cancelling jobs, restores. */
    OPERATOR,
    /** Browse copies and restore; nothing else. */
    RESTORE,
    /** Read everything including the audit trail; change nothing. */
    AUDITOR,
    /** Locks, legal holds, prompt-log erasure, audit export. */
    SECURITY_OFFICER;

    /** The role's name in the API: {@code security-officer}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Role parse(String label) {
        for (Role r : values()) {
            if (r.label().equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException(
                "unknown role '" + label + "': use admin, operator, restore, auditor or security-officer");
    }
}
