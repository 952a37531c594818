package dev.sessionguard.policy;

import com.tngtech.archunit.PublicAPI;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * A misconfiguration: an unknown key, a malformed value, a configured type or method that exists nowhere,
 * an import that found nothing. The message is one line that names the culprit.
 */
@PublicAPI(usage = ACCESS)
public class SessionGuardConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SessionGuardConfigurationException(String message) {
        super("session-guard: " + message);
    }

    public SessionGuardConfigurationException(String key, String value, String problem) {
        this(key + "=" + value + ": " + problem);
    }
}
