package dev.sessionguard.cli;

/** Bad input on the command line: exit code 2 and one line on stderr. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
