package dev.sessionguard.policy;

import dev.sessionguard.annotation.Internal;

/**
 * The analysed classes use no raw factory, session type or session source of the policy: a wrong import or preset
 * for a single code base, but in a reactor simply a module without database code.
 */
@Internal
public class NoSessionApiException extends SessionGuardConfigurationException {
    private static final long serialVersionUID = 1L;

    public NoSessionApiException(String key, String value, String problem) {
        super(key, value, problem);
    }
}
