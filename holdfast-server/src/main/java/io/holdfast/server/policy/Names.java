package io.holdfast.server.policy;

/** Names of targets, assets and policies: 1-100 of letters, digits, '.', '_' and '-', not starting with '.'. */
public final class Names {
    private Names() {}

    public static void check(String field, String name) {
        if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}")) {
            throw new SpecException(field, "'" + name + "' must be 1-100 of A-Z a-z 0-9 . _ - (not starting with '.')");
        }
    }
}
