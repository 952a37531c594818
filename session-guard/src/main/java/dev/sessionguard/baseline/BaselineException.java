package dev.sessionguard.baseline;

import com.tngtech.archunit.PublicAPI;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/** A baseline that cannot be read or written: the message names the file (and line) at fault. */
@PublicAPI(usage = ACCESS)
public final class BaselineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BaselineException(String message) {
        super("session-guard: " + message);
    }

    public BaselineException(String message, Throwable cause) {
        super("session-guard: " + message, cause);
    }
}
