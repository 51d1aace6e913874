package io.holdfast.cli.output;

import io.holdfast.format.tree.Names;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * A writer that encodes text as UTF-8 and the escaped bytes of file names that are not UTF-8 ({@link Names}) as the
 * bytes themselves, whatever the locale, as restic prints names: standard output shows {@code café.txt} in the C
 * locale too, and a name listed by {@code ls} can be used by the next command.
 */
public final class ByteNamesWriter extends Writer {
    private final OutputStream out;
    private final StringBuilder pending = new StringBuilder();

    public ByteNamesWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
        synchronized (lock) {
            pending.append(cbuf, off, len);
        }
    }

    @Override
    public void write(String str, int off, int len) {
        synchronized (lock) {
            pending.append(str, off, off + len);
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            int n = pending.length();
            if (n > 0 && Character.isHighSurrogate(pending.charAt(n - 1))) {
                n--; // keep half of a pair until its other half comes
            }
            if (n > 0) {
                out.write(Names.encode(pending.substring(0, n)));
                pending.delete(0, n);
            }
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        flush();
        out.close();
    }
}
