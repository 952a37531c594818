package dev.sessionguard.policy;

import com.tngtech.archunit.PublicAPI;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * A configured db package holds no analysed class and no class the analysed code uses: a typo or a stale name for a
 * single code base, but in a reactor simply a module whose db packages live in another module.
 */
@PublicAPI(usage = ACCESS)
public class UnmatchedDbPackagesException extends SessionGuardConfigurationException {
    private static final long serialVersionUID = 1L;

    public UnmatchedDbPackagesException(String key, String value, String problem) {
        super(key, value, problem);
    }
}
