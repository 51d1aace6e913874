package io.holdfast.engine.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import org.jspecify.annotations.Nullable;

/** An {@code errno} as an {@link IOException}: the right subclass, and the system's reason as Go prints it. */
final class Errno {
    private Errno() {}

    /** Go's (and glibc's, lower-cased) text for the common error numbers of Linux. */
    static String reason(int errno) {
        return switch (errno) {
            case 1 -> "operation not permitted";
            case 2 -> "no such file or directory";
            case 4 -> "interrupted system call";
            case 5 -> "input/output error";
            case 6 -> "no such device or address";
            case 9 -> "bad file descriptor";
            case 11 -> "resource temporarily unavailable";
            case 12 -> "cannot allocate memory";
            case 13 -> "permission denied";
            case 16 -> "device or resource busy";
            case 17 -> "file exists";
            case 18 -> "invalid cross-device link";
            case 19 -> "no such device";
            case 20 -> "not a directory";
            case 21 -> "is a directory";
            case 22 -> "invalid argument";
            case 23 -> "too many open files in system";
            case 24 -> "too many open files";
            case 26 -> "text file busy";
            case 27 -> "file too large";
            case 28 -> "no space left on device";
            case 30 -> "read-only file system";
            case 31 -> "too many links";
            case 34 -> "numerical result out of range";
            case 36 -> "file name too long";
            case 38 -> "function not implemented";
            case 39 -> "directory not empty";
            case 40 -> "too many levels of symbolic links";
            case 61 -> "no data available";
            case 95 -> "operation not supported";
            case 122 -> "disk quota exceeded";
            default -> "errno " + errno;
        };
    }

    /** The exception for {@code errno} from operation {@code op} (e.g. {@code open}) on {@code path}. */
    static IOException of(int errno, String op, FsPath path) {
        return of(errno, op, path, null);
    }

    /** As {@link #of(int, String, FsPath)} for an operation on two paths. */
    static IOException of(int errno, String op, FsPath path, @Nullable FsPath other) {
        String file = path.toString();
        String second = other == null ? null : other.toString();
        String reason = op + ": " + reason(errno);
        return switch (errno) {
            case Libc.ENOENT -> new NoSuchFileException(file, second, reason);
            case Libc.EEXIST -> new FileAlreadyExistsException(file, second, reason);
            case Libc.EACCES, Libc.EPERM -> new AccessDeniedException(file, second, reason);
            case Libc.ENOTEMPTY ->
                new DirectoryNotEmptyException(file) {
                    @Override
                    public String getReason() {
                        return reason;
                    }
                };
            case Libc.ENOTDIR ->
                new NotDirectoryException(file) {
                    @Override
                    public String getReason() {
                        return reason;
                    }
                };
            case Libc.EINVAL ->
                "readlink".equals(op)
                        ? new NotLinkException(file, second, reason)
                        : new FileSystemException(file, second, reason);
            default -> new FileSystemException(file, second, reason);
        };
    }
}
