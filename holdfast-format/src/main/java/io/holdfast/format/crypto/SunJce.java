package io.holdfast.format.crypto;

import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * Ciphers and MACs from the JDK's SunJCE provider, made directly. Asking JCA for {@code AES/CTR/NoPadding} or
 * {@code HmacSHA256} by name, or for the provider by its name, instantiates the providers the JDK lists before
 * SunJCE, among them SunEC, which builds its table of named curves in big-integer arithmetic: 30 ms of a cold JVM on
 * the key's path, where a short command waits (design.md §22). The provider's class is reached like {@link
 * JdkPoly1305}'s, through the package the launcher and the tests open; without it, the usual lookup.
 */
final class SunJce {
    private static final @Nullable Provider PROVIDER = find();

    private SunJce() {}

    private static @Nullable Provider find() {
        try {
            Object p = Class.forName("com.sun.crypto.provider.SunJCE")
                    .getConstructor()
                    .newInstance();
            return p instanceof Provider provider ? provider : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // not opened to us, or another JDK
        }
    }

    static Cipher cipher(String transformation) throws GeneralSecurityException {
        return get(transformation, Cipher::getInstance, Cipher::getInstance);
    }

    static Mac mac(String algorithm) throws GeneralSecurityException {
        return get(algorithm, Mac::getInstance, Mac::getInstance);
    }

    /** A JCA engine's {@code getInstance} from a given provider. */
    @FunctionalInterface
    private interface FromProvider<T> {
        T get(String name, Provider provider) throws GeneralSecurityException;
    }

    /** A JCA engine's {@code getInstance} from the configured providers. */
    @FunctionalInterface
    private interface FromAny<T> {
        T get(String name) throws GeneralSecurityException;
    }

    private static <T> T get(String name, FromProvider<T> direct, FromAny<T> configured)
            throws GeneralSecurityException {
        Provider p = PROVIDER;
        if (p != null) {
            try {
                return direct.get(name, p);
            } catch (GeneralSecurityException e) {
                // fall through to the configured providers
            }
        }
        return configured.get(name);
    }

    /** Whether ciphers and MACs come from the provider made directly (tests). */
    static boolean direct() {
        return PROVIDER != null;
    }
}
