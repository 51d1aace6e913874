package io.holdfast.server.catalog;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Identifiers of catalog objects: 16 random hex digits, like a restic short id but longer. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String next() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
