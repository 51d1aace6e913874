package io.holdfast.cli.output;

import io.holdfast.format.tree.NodeType;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Values printed the way restic's Go code prints them, for output that scripts compare with restic's. Pure. */
public final class GoText {
    /** restic's {@code TimeFormat}, {@code 2006-01-02 15:04:05}. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** The letters of Go's {@code FileMode.String()}, one per mode bit from bit 31 down. */
    private static final String TYPE_LETTERS = "dalTLDpSugct?";

    private GoText() {}

    /**
     * Go's {@code os.FileMode.String()}: a letter per type and special bit that is set ({@code d} directory, {@code L}
     * symbolic link, {@code D} device, {@code c} character device, {@code p} named pipe, {@code S} socket, {@code u}
     * setuid, {@code g} setgid, {@code t} sticky, ...), or {@code -} if none, then {@code rwxrwxrwx} with {@code -}
     * for each clear bit: {@code drwxr-xr-x}, {@code Dcrw-rw-rw-}, {@code -rw-r--r--}.
     */
    public static String fileMode(int goMode) {
        StringBuilder sb = new StringBuilder(21);
        for (int i = 0; i < TYPE_LETTERS.length(); i++) {
            if ((goMode & (1 << (31 - i))) != 0) {
                sb.append(TYPE_LETTERS.charAt(i));
            }
        }
        if (sb.isEmpty()) {
            sb.append('-');
        }
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((goMode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return sb.toString();
    }

    /**
     * The mode {@code restic ls -l} shows for a node: the type bits its {@code type} implies, ORed with its stored
     * mode (restic's {@code formatNode}), so a FIFO whose stored mode lacks the type bits still shows {@code p}.
     */
    public static String nodeMode(NodeType type, int goMode) {
        int typeBits = type == NodeType.IRREGULAR ? 0 : type.modeBits();
        return fileMode(typeBits | goMode);
    }

    /** Go's {@code os.FileMode} as the unsigned 32-bit number {@code encoding/json} writes. */
    public static long unsignedMode(int goMode) {
        return Integer.toUnsignedLong(goMode);
    }

    /** A time in this machine's zone as restic's tables print it ({@code 2006-01-02 15:04:05}). */
    public static String localTime(OffsetDateTime t) {
        return t.atZoneSameInstant(ZoneId.systemDefault()).format(TIME);
    }

    /**
     * Go's {@code time.Time.String()} for a time read from JSON: {@code 2015-11-10 22:11:48.975774597 +0100 +0100}
     * (the fraction without trailing zeros; a parsed offset has no zone name, so Go repeats the offset, except
     * {@code +0000 UTC}).
     */
    public static String goString(OffsetDateTime t) {
        StringBuilder sb = new StringBuilder(TIME.format(t));
        int nano = t.getNano();
        if (nano != 0) {
            String frac = String.format(Locale.ROOT, "%09d", nano).replaceAll("0+$", "");
            sb.append('.').append(frac);
        }
        int minutes = t.getOffset().getTotalSeconds() / 60;
        String offset = String.format(
                Locale.ROOT, "%s%02d%02d", minutes < 0 ? "-" : "+", Math.abs(minutes) / 60, Math.abs(minutes) % 60);
        sb.append(' ').append(offset).append(' ').append(minutes == 0 ? "UTC" : offset);
        return sb.toString();
    }

    /**
     * A {@code float64} as Go's {@code encoding/json} writes it: the shortest digits that read back as the same
     * value, in plain notation ({@code 0}, {@code 1}, {@code 100}, {@code 0.25}) for magnitudes from 1e-6 up to
     * 1e21, else in exponent notation with at least two exponent digits removed of padding ({@code 1e-7},
     * {@code 1.5e+21}). Not for NaN or infinities, which Go refuses to write.
     */
    public static String jsonFloat(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("JSON has no " + d);
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        java.math.BigDecimal exact = new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return exact.toPlainString();
        }
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder sb = new StringBuilder();
        if (d < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        sb.append(Math.abs(exponent));
        return sb.toString();
    }

    /** Go's {@code %q} of a string: double-quoted, with backslashes, quotes and control characters escaped. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
