package io.holdfast.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The terminal's width in columns, asked of the kernel as restic's progress bar does ({@code ioctl(TIOCGWINSZ)} on
 * standard output, error or input, whichever is a terminal), through the JDK's foreign function interface: no
 * process is started and nothing is read from {@code $COLUMNS}, which shells do not export.
 */
final class TerminalWidth {
    private TerminalWidth() {}

    /** The width of the controlling terminal, or empty when none of the standard streams is one (or on Windows). */
    static OptionalInt query() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        long request;
        if (os.contains("linux")) {
            request = 0x5413L; // TIOCGWINSZ
        } else if (os.contains("mac") || os.contains("darwin") || os.contains("bsd")) {
            request = 0x40087468L;
        } else {
            return OptionalInt.empty();
        }
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle ioctl = linker.downcallHandle(
                    linker.defaultLookup().find("ioctl").orElseThrow(),
                    FunctionDescriptor.of(
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
                    Linker.Option.firstVariadicArg(2));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment winsize =
                        arena.allocate(8); // struct winsize { unsigned short row, col, xpixel, ypixel; }
                for (int fd : new int[] {1, 2, 0}) {
                    int rc = (int) ioctl.invokeExact(fd, request, winsize);
                    int columns = Short.toUnsignedInt(winsize.get(ValueLayout.JAVA_SHORT, 2));
                    if (rc == 0 && columns > 0) {
                        return OptionalInt.of(columns);
                    }
                }
            }
        } catch (Throwable e) { // no native access, no such symbol: fall back as if there were no terminal
            return OptionalInt.empty();
        }
        return OptionalInt.empty();
    }
}
