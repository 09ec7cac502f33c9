package dev.ffmap;

import java.io.IOException;
import java.util.Locale;

/**
 * A system call made by ffmap failed. The message names the call, its arguments and the error:
 * {@code mmap(addr=0x0, len=0, PROT_READ, MAP_SHARED, fd=7, off=0) failed: EINVAL (Invalid argument)}.
 *
 * <p>{@link #errno()} is the platform's error number ({@code errno} on Linux and macOS,
 * {@code GetLastError()} on Windows) and {@link #errnoName()} its symbolic name, taken from the
 * platform's own constants.
 */
public class MmapException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The C function that failed. */
    private final String syscall;
    /** Its arguments, formatted as in the message. */
    private final String arguments;
    /** The platform error number. */
    private final int errno;
    /** The symbolic name of {@link #errno}. */
    private final String errnoName;

    /**
     * A failed call, with the message built from its parts.
     *
     * @param syscall   the C function that failed, e.g. {@code "msync"}
     * @param arguments its arguments as they should appear in the message, e.g. {@code "addr=0x7f…, len=4096, MS_SYNC"}
     * @param errno     the error number
     * @param errnoName the symbolic name of {@code errno}, e.g. {@code "ENOMEM"}
     * @param text      the system's description of the error, e.g. {@code "Cannot allocate memory"}
     */
    public MmapException(String syscall, String arguments, int errno, String errnoName, String text) {
        super(String.format(Locale.ROOT, "%s(%s) failed: %s (%s)", syscall, arguments, errnoName, text));
        this.syscall = syscall;
        this.arguments = arguments;
        this.errno = errno;
        this.errnoName = errnoName;
    }

    /** The same failure, with what it means for the caller appended to the message. */
    MmapException(MmapException failure, String meaning) {
        super(failure.getMessage() + ": " + meaning, failure);
        this.syscall = failure.syscall;
        this.arguments = failure.arguments;
        this.errno = failure.errno;
        this.errnoName = failure.errnoName;
    }

    /** {@return the C function that failed, e.g. {@code "mmap"}} */
    public String syscall() {
        return syscall;
    }

    /** {@return the arguments of the failed call, formatted as in the message} */
    public String arguments() {
        return arguments;
    }

    /** {@return the platform error number} */
    public int errno() {
        return errno;
    }

    /** {@return the symbolic name of {@link #errno()}, e.g. {@code "ENOMEM"} or {@code "ERROR_ACCESS_DENIED"}} */
    public String errnoName() {
        return errnoName;
    }
}
