package dev.sessionguard.policy;

import com.tngtech.archunit.PublicAPI;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * A misconfiguration: an unknown key, a malformed value, a configured type or method that exists nowhere,
 * an import that found nothing. The message is one line that names the culprit; the exception carries no stack trace
 * unless {@code -Dsessionguard.stackTraces=true}.
 */
@PublicAPI(usage = ACCESS)
public class SessionGuardConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SessionGuardConfigurationException(String message) {
        // a user's mistake, not the library's: the stack says nothing to them, so it is kept only when asked for
        super("session-guard: " + message, null, true, Boolean.getBoolean(PolicyConfiguration.STACK_TRACES));
    }

    public SessionGuardConfigurationException(String key, String value, String problem) {
        this(key + "=" + value + ": " + problem);
    }
}
