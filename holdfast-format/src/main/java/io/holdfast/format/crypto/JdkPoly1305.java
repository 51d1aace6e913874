package io.holdfast.format.crypto;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.Key;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The JDK's own Poly1305 ({@code com.sun.crypto.provider.Poly1305}, the MAC inside its ChaCha20-Poly1305), whose
 * block loop the JIT replaces with an AVX2 or AVX-512 IFMA stub: several times faster than any Java loop. The class
 * is not public API, so it is reached through a method handle, which works only when the JVM runs with {@code
 * --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED} (the {@code holdfast} launcher and the tests pass it);
 * without it, or on a JDK where the class differs, {@link #available()} is false and {@link Poly1305Aes} uses its own
 * Java loop. Both give the same tags; {@code Poly1305AesTest} checks that they do.
 */
final class JdkPoly1305 {
    /** Bytes per update: the JIT compiles the JDK's block loop with its stub only after many calls; see Crypto. */
    private static final int SLICE = 4096;

    private static final @Nullable Handles HANDLES = Handles.find();

    private record Handles(MethodHandle create, MethodHandle init, MethodHandle update, MethodHandle doFinal) {
        static @Nullable Handles find() {
            try {
                Class<?> c = Class.forName("com.sun.crypto.provider.Poly1305");
                MethodHandles.Lookup l = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
                Handles h = new Handles(
                        l.findConstructor(c, MethodType.methodType(void.class, boolean.class)),
                        l.findVirtual(
                                c,
                                "engineInit",
                                MethodType.methodType(void.class, Key.class, AlgorithmParameterSpec.class)),
                        l.findVirtual(
                                c,
                                "engineUpdate",
                                MethodType.methodType(void.class, byte[].class, int.class, int.class)),
                        l.findVirtual(c, "engineDoFinal", MethodType.methodType(byte[].class)));
                // one round trip, so that a JDK whose class behaves differently falls back at once
                Object mac = h.create.invoke(false);
                h.init.invoke(mac, new SecretKeySpec(new byte[32], "RAW"), null);
                byte[] tag = (byte[]) h.doFinal.invoke(mac);
                return tag.length == 16 ? h : null;
            } catch (Throwable e) { // not opened to us, or another JDK: use the Java loop
                return null;
            }
        }
    }

    private final Object mac;

    private JdkPoly1305(Object mac) {
        this.mac = mac;
    }

    /** Whether the JDK's Poly1305 can be used in this JVM. */
    static boolean available() {
        return HANDLES != null;
    }

    /** A new instance for one thread; only when {@link #available()}. */
    static JdkPoly1305 create() {
        Handles h = handles();
        try {
            return new JdkPoly1305(h.create.invoke(false));
        } catch (Throwable e) {
            throw new IllegalStateException("JDK Poly1305 failed", e);
        }
    }

    /**
     * Computes the tag of {@code msg[off, off+len)} under the one-time key {@code r || s} (r unclamped; the JDK
     * clamps it as Poly1305 requires) into {@code out[outOff]}.
     */
    void compute(byte[] rs, byte[] msg, int off, int len, byte[] out, int outOff) {
        Handles h = handles();
        try {
            h.init.invoke(mac, new SecretKeySpec(rs, "RAW"), null);
            for (int done = 0; done < len; done += SLICE) {
                h.update.invoke(mac, msg, off + done, Math.min(SLICE, len - done));
            }
            byte[] tag = (byte[]) h.doFinal.invoke(mac);
            System.arraycopy(tag, 0, out, outOff, 16);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("JDK Poly1305 failed", e);
        }
    }

    private static Handles handles() {
        Handles h = HANDLES;
        if (h == null) {
            throw new IllegalStateException("JDK Poly1305 is not available");
        }
        return h;
    }
}
