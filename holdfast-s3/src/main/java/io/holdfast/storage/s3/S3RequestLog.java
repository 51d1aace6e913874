package io.holdfast.storage.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * A diagnostic: with {@code HOLDFAST_S3_REQUEST_LOG=FILE} in the environment every HTTP request an S3 client of
 * Holdfast sends (every attempt, retries included) appends one line to {@code FILE}: the operation's name, the HTTP
 * method, the bucket and the key, tab-separated ({@code GetObject GET bucket data/ab/ab12...}; {@code -} for no key).
 * Each line is one {@code O_APPEND} write, so processes may share the file. Counted just before the request goes on
 * the wire, after signing, so it is what the server sees.
 */
final class S3RequestLog implements ExecutionInterceptor {
    /** The environment variable naming the log file. */
    static final String VARIABLE = "HOLDFAST_S3_REQUEST_LOG";

    private final FileChannel out;

    private S3RequestLog(FileChannel out) {
        this.out = out;
    }

    /** The interceptor {@code env} asks for, or null when it asks for none. */
    static @Nullable S3RequestLog from(Map<String, String> env) {
        String file = env.get(VARIABLE);
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            return new S3RequestLog(FileChannel.open(
                    Path.of(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException(VARIABLE + ": cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String line = (operation == null ? "?" : operation) + "\t"
                + context.httpRequest().method() + "\t"
                + field(request, "Bucket") + "\t"
                + field(request, "Key") + "\n";
        try {
            synchronized (out) {
                ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(VARIABLE + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static String field(SdkRequest request, String name) {
        return request.getValueForField(name, String.class).orElse("-");
    }
}
