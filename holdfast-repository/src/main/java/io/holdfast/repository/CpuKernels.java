package io.holdfast.repository;

import io.holdfast.format.model.codec.BitPermute;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Hands the processor's description to the kernel choices of the format layer ({@link BitPermute}), which does no file
 * I/O itself: once per process, when the first repository is opened (or a benchmark calls {@link #configure}).
 */
public final class CpuKernels {
    /** Enough of {@code /proc/cpuinfo} for the first processor's vendor, family and flags. */
    private static final int READ = 16 << 10;

    private CpuKernels() {}

    /** Configures the kernels on first call; later calls do nothing. */
    public static void configure() {
        Once.init();
    }

    /** Holder: the JVM runs its initialisation exactly once, on first use, thread-safely. */
    private static final class Once {
        static {
            BitPermute.configure(read());
        }

        static void init() {}
    }

    /** The start of {@code /proc/cpuinfo}, or null where it cannot be read. */
    static @Nullable String read() {
        try (InputStream in = Files.newInputStream(Path.of("/proc/cpuinfo"))) {
            return new String(in.readNBytes(READ), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return null; // not Linux, or not readable: the portable kernels
        }
    }
}
