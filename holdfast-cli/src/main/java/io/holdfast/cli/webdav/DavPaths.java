package io.holdfast.cli.webdav;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** URL paths as byte strings (percent-encoding both ways), XML escaping and HTTP byte ranges for {@link DavHandler}. */
final class DavPaths {
    private DavPaths() {}

    /** The decoded segments of a raw URL path; empty segments, {@code .} and {@code ..} are dropped. */
    static List<byte[]> segments(@Nullable String rawPath) {
        List<byte[]> out = new ArrayList<>();
        if (rawPath == null) {
            return out;
        }
        for (String part : rawPath.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty()) {
                    out.removeLast();
                }
                continue;
            }
            out.add(decode(part));
        }
        return out;
    }

    private static byte[] decode(String part) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(part.length());
        byte[] raw = part.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                b.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                b.write(raw[i]);
            }
        }
        return b.toByteArray();
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** One segment percent-encoded: every byte but unreserved ASCII. */
    static String segment(byte[] name) {
        StringBuilder b = new StringBuilder(name.length);
        for (byte x : name) {
            int v = x & 0xff;
            if ((v >= 'A' && v <= 'Z') || (v >= 'a' && v <= 'z') || (v >= '0' && v <= '9') || "-._~".indexOf(v) >= 0) {
                b.append((char) v);
            } else {
                b.append('%')
                        .append(Character.toUpperCase(Character.forDigit(v >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(v & 15, 16)));
            }
        }
        return b.toString();
    }

    /** The absolute href of {@code segments}; collections end with a slash. */
    static String href(List<byte[]> segments, boolean collection) {
        StringBuilder b = new StringBuilder("/");
        for (byte[] s : segments) {
            b.append(segment(s)).append('/');
        }
        if (!collection && b.length() > 1) {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    /** A name for people: UTF-8, with bytes that are not shown as the replacement character. */
    static String display(byte[] name) {
        return new String(name, StandardCharsets.UTF_8);
    }

    /** Text escaped for XML and HTML. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * The byte range {@code [start, end)} a {@code Range} header asks of a file of {@code size} bytes: the whole file
     * for no header or one this does not handle (several ranges), null when the range cannot be satisfied.
     */
    static long @Nullable [] range(@Nullable String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
            return new long[] {0, size};
        }
        String spec = header.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new long[] {0, size};
        }
        try {
            String first = spec.substring(0, dash).strip();
            String last = spec.substring(dash + 1).strip();
            if (first.isEmpty()) { // the last N bytes
                long n = Long.parseLong(last);
                return n <= 0 ? null : new long[] {Math.max(0, size - n), size};
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size : Math.min(size, Long.parseLong(last) + 1);
            return start >= size || end <= start ? null : new long[] {start, end};
        } catch (NumberFormatException e) {
            return new long[] {0, size};
        }
    }
}
