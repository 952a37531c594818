package dev.sessionguard.rules;

import com.tngtech.archunit.PublicAPI;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import dev.sessionguard.baseline.SessionBaseline;
import dev.sessionguard.policy.SessionPolicy;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * The session-guard rule set, configured by {@code session-guard.properties} on the test classpath, each rule frozen
 * against the baseline ({@code session-guard-baseline/}: without one, every violation is new). Include it in a
 * test with
 * <pre>{@code
 * @AnalyzeClasses(packages = "com.acme")
 * class SessionRulesTest {
 *     @ArchTest static final ArchTests sessionGuard = ArchTests.in(SessionGuard.class);
 * }
 * }</pre>
 * For a policy built in code, use the factories of {@link SessionRules}.
 */
@PublicAPI(usage = ACCESS)
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
            SessionBaseline.freeze(SessionRules.rawFactoryOutsideDb());

    /** Satisfied for every session that, on some normal path, is neither closed nor handed on. */
    public static final ArchCondition<JavaClass> LEAK_SESSIONS = SessionRules.leakSessions(SessionPolicy::fromConfiguration);

    /**
     * SG002 session-leak: a session that is opened is closed, returned, stored or handed to a closer on every path.
     * <pre>{@code
     * Session s = Db.getSession();            // violation: not closed when the method returns
     * return s.find(Notification.class, id);
     * }</pre>
     */
    @ArchTest
    public static final ArchRule NO_CLASSES_SHOULD_LEAK_SESSIONS = SessionBaseline.freeze(SessionRules.sessionLeak());

    /** Satisfied for every session that an exception can leave open although normal paths close it. */
    public static final ArchCondition<JavaClass> CLOSE_SESSIONS_ONLY_ON_NORMAL_PATHS =
            SessionRules.closeSessionsOnlyOnNormalPaths(SessionPolicy::fromConfiguration);

    /**
     * SG003 session-close-not-guaranteed: close in try-with-resources (or finally), not after the work.
     * <pre>{@code
     * Session s = Db.getSession();            // violation: persist() may throw and skip close()
     * s.persist(n);
     * s.close();
     * }</pre>
     */
    @ArchTest
    public static final ArchRule NO_CLASSES_SHOULD_CLOSE_SESSIONS_ONLY_ON_NORMAL_PATHS =
            SessionBaseline.freeze(SessionRules.sessionCloseNotGuaranteed());

    /** Satisfied for every field of a class outside the db packages that holds a session. */
    public static final ArchCondition<JavaClass> KEEP_SESSIONS_IN_FIELDS_OUTSIDE_DB_PACKAGES =
            SessionRules.keepSessionsInFieldsOutsideDbPackages(SessionPolicy::fromConfiguration);

    /**
     * SG004 session-field: a session lives for one unit of work, never in a field.
     * <pre>{@code
     * class MonitorSignals {
     *     private static Session shared;      // violation
     * }
     * }</pre>
     */
    @ArchTest
    public static final ArchRule NO_CLASSES_OUTSIDE_DB_PACKAGES_SHOULD_KEEP_SESSIONS_IN_FIELDS =
            SessionBaseline.freeze(SessionRules.sessionField());
}
