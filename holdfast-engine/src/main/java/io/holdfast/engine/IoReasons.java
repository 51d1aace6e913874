package io.holdfast.engine;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.jspecify.annotations.Nullable;

/**
 * Why a file operation failed, in the words of the system ({@code permission denied}, {@code no such file or
 * directory}), for messages to users. Java's file exceptions carry the reason apart from the message, whose text is
 * often only the file name ({@code AccessDeniedException("/x").getMessage()} is {@code /x}).
 */
public final class IoReasons {
    private IoReasons() {}

    /**
     * The reason alone, for a message that names the file already: {@code permission denied}; for other exceptions
     * their message, or {@code unexpected error} if they have none.
     */
    public static String reason(Throwable t) {
        String known = knownReason(t);
        if (known != null) {
            return known;
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? "unexpected error" : message;
    }

    /**
     * The reason with the file, {@code permission denied: /x}, for a file exception; {@code null} for other
     * exceptions.
     */
    public static @Nullable String describe(Throwable t) {
        String known = knownReason(t);
        if (known == null || !(t instanceof FileSystemException f)) {
            return null;
        }
        return f.getFile() == null ? known : known + ": " + f.getFile();
    }

    private static @Nullable String knownReason(Throwable t) {
        if (t instanceof AccessDeniedException e) {
            return e.getReason() != null ? e.getReason() : "permission denied";
        }
        if (t instanceof NoSuchFileException e) {
            return e.getReason() != null ? e.getReason() : "no such file or directory";
        }
        if (t instanceof java.nio.file.NotDirectoryException) {
            return "not a directory";
        }
        if (t instanceof java.nio.file.FileAlreadyExistsException e) {
            return e.getReason() != null ? e.getReason() : "already exists";
        }
        if (t instanceof java.nio.file.DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (t instanceof FileSystemException e && e.getReason() != null) {
            return e.getReason();
        }
        return null;
    }
}
