package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import dev.sessionguard.policy.SessionPolicy;

/**
 * The session-guard rule set, configured by {@code session-guard.properties} on the test classpath. Include it in a
 * test with
 * <pre>{@code
 * @AnalyzeClasses(packages = "com.acme")
 * class SessionRulesTest {
 *     @ArchTest static final ArchTests sessionGuard = ArchTests.in(SessionGuard.class);
 * }
 * }</pre>
 * For a policy built in code, use the factories of {@link SessionRules}.
 */
public final class SessionGuard {
    private SessionGuard() {
    }

    /** Satisfied for every use of a raw session factory by a class outside the db packages. */
    public static final ArchCondition<JavaClass> USE_RAW_SESSION_FACTORIES_OUTSIDE_DB_PACKAGES =
            SessionRules.useRawSessionFactoriesOutsideDbPackages(SessionPolicy::fromConfiguration);

    /**
     * SG001 raw-factory-outside-db: code outside the db packages must take sessions through the managed door.
     * <pre>{@code
     * class JarvisApi {                       // com.acme.routes
     *     private final SessionFactory sf;    // violation
     *     Notifications whatsUp() {
     *         Session s = sf.openSession();   // violation
     *         ...
     *     }
     * }
     * }</pre>
     */
    @ArchTest
    public static final ArchRule NO_CLASSES_OUTSIDE_DB_PACKAGES_SHOULD_USE_RAW_SESSION_FACTORIES =
            SessionRules.rawFactoryOutsideDb();
}
