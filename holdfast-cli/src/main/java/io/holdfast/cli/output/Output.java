package io.holdfast.cli.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Where a command's output goes. Human text goes to standard output unless {@code --json} is given; then standard
 * output carries only JSON, one document per line. Warnings always go to standard error, as text.
 */
public final class Output {
    /**
     * Made on first use: building an {@code ObjectMapper} loads several hundred classes, which was about a third of
     * {@code holdfast version}'s time in {@code main} when every command paid for it.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                        .addDecorator((factory, generator) -> new GoFloats(generator))
                        .build())
                .disable(SerializationFeature.INDENT_OUTPUT);
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean quiet;
    private final int verbosity;

    /** Output to {@code out} and {@code err} following {@code --json}, {@code --quiet} and the {@code -v} count. */
    public Output(PrintWriter out, PrintWriter err, boolean json, boolean quiet, int verbosity) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.quiet = quiet;
        this.verbosity = verbosity;
    }

    /**
     * The shared JSON mapper: compact, one document per line, floating-point numbers as Go writes them ({@code 1},
     * not {@code 1.0}; see {@link GoText#jsonFloat}).
     */
    public static ObjectMapper mapper() {
        return Json.MAPPER;
    }

    /** Whether {@code --json} was given. */
    public boolean json() {
        return json;
    }

    /** A result line for humans (e.g. a listing); printed even with {@code --quiet}, not with {@code --json}. */
    public void print(String line) {
        if (!json) {
            out.println(line);
            out.flush();
        }
    }

    /** A message for humans about what is happening; not printed with {@code --quiet} or {@code --json}. */
    public void info(String line) {
        if (!json && !quiet) {
            out.println(line);
            out.flush();
        }
    }

    /** Detail printed only with at least {@code level} {@code -v} flags, and not with {@code --json}. */
    public void verbose(int level, String line) {
        if (!json && verbosity >= level) {
            out.println(line);
            out.flush();
        }
    }

    /** A warning on standard error; always printed. */
    public void warn(String line) {
        err.println(line);
        err.flush();
    }

    /** Writes {@code value} as one line of JSON to standard output, in any mode. */
    public void emit(Object value) {
        try {
            // JSON is text: a name's bytes that are not UTF-8 print as U+FFFD, as in Go's encoding/json
            out.println(io.holdfast.format.tree.Names.toText(Json.MAPPER.writeValueAsString(value)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
        out.flush();
    }

    /** Prints {@code table} for humans (see {@link #print}). */
    public void table(Table table) {
        for (String line : table.render()) {
            print(line);
        }
    }

    /** Prints {@code table} as a report about what happened (see {@link #info}): not with {@code --quiet}. */
    public void infoTable(Table table) {
        for (String line : table.render()) {
            info(line);
        }
    }

    /** Writes {@code double} and {@code float} values as Go's {@code encoding/json} writes a {@code float64}. */
    private static final class GoFloats extends JsonGeneratorDelegate {
        GoFloats(JsonGenerator d) {
            super(d, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            delegate.writeNumber(GoText.jsonFloat(v));
        }

        @Override
        public void writeNumber(float v) throws IOException {
            delegate.writeNumber(GoText.jsonFloat(Double.parseDouble(Float.toString(v))));
        }
    }
}
