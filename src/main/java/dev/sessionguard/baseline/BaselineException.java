package dev.sessionguard.baseline;

/** A baseline that cannot be read or written: the message names the file (and line) at fault. */
public final class BaselineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BaselineException(String message) {
        super("session-guard: " + message);
    }

    public BaselineException(String message, Throwable cause) {
        super("session-guard: " + message, cause);
    }
}
