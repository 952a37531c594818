package dev.sessionguard.rules;

import com.tngtech.archunit.PublicAPI;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.sessionguard.baseline.BaselineScope;
import dev.sessionguard.flow.FlowAnalysis;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import dev.sessionguard.policy.SessionPolicy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * Factories for the session rules. Each call returns a fresh rule that can be customised further
 * ({@code .because(...)}, {@code .allowEmptyShould(...)}); keep the description, which the baseline keys on.
 * The no-argument forms read the policy from {@code session-guard.properties} when the rule is evaluated. Each rule
 * is also reachable from its ID: {@link SessionRule#rule(SessionPolicy)}, {@link SessionRule#condition(SessionPolicy)}.
 */
@PublicAPI(usage = ACCESS)
public final class SessionRules {
    private SessionRules() {
    }

    /** SG001, with the policy of {@code session-guard.properties} and {@code -Dsessionguard.*}. */
    public static ArchRule rawFactoryOutsideDb() {
        return rawFactoryOutsideDb(SessionPolicy::fromConfiguration);
    }

    /** SG001: no class outside the db packages uses a raw factory (subtypes included). */
    public static ArchRule rawFactoryOutsideDb(SessionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return rawFactoryOutsideDb(() -> policy);
    }

    private static ArchRule rawFactoryOutsideDb(Supplier<SessionPolicy> policy) {
        return rule(SessionRule.SG001, useRawSessionFactoriesOutsideDbPackages(policy));
    }

    /**
     * The condition SG001 is built from: satisfied once for every use of a raw factory type by a class outside the db
     * packages (declaration, field, parameter, return type, call, constructor call, static access, class literal,
     * instanceof), each event carrying its {@link Violation}.
     */
    public static ArchCondition<JavaClass> useRawSessionFactoriesOutsideDbPackages(SessionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return useRawSessionFactoriesOutsideDbPackages(() -> policy);
    }

    static ArchCondition<JavaClass> useRawSessionFactoriesOutsideDbPackages(Supplier<SessionPolicy> policy) {
        return new PolicyCondition("use raw session factories outside the db packages", policy) {
            private RawFactoryUse use;

            @Override
            void start(SessionPolicy p, Collection<JavaClass> classes, PolicyCheck.ConfiguredDoors doors) {
                use = new RawFactoryUse(p, doors);
            }

            @Override
            public void check(JavaClass c, ConditionEvents events) {
                use.violationsWhereApplies(c).forEach(v -> events.add(SimpleConditionEvent.satisfied(v, v.message())));
            }
        };
    }

    /** SG002, with the policy of {@code session-guard.properties}. */
    public static ArchRule sessionLeak() {
        return sessionLeak(SessionPolicy::fromConfiguration);
    }

    /** SG002: a session obtained from a source is, on some normal path, neither closed nor handed on. */
    public static ArchRule sessionLeak(SessionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return sessionLeak(() -> policy);
    }

    private static ArchRule sessionLeak(Supplier<SessionPolicy> policy) {
        return rule(SessionRule.SG002, leakSessions(policy));
    }

    /** The condition SG002 is built from: satisfied once for every session that leaks on a normal path. */
    public static ArchCondition<JavaClass> leakSessions(SessionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return leakSessions(() -> policy);
    }

    static ArchCondition<JavaClass> leakSessions(Supplier<SessionPolicy> policy) {
        return flowCondition("leak sessions", SessionRule.SG002, policy);
    }

    /** SG003, with the policy of {@code session-guard.properties}. */
    public static ArchRule sessionCloseNotGuaranteed() {
        return sessionCloseNotGuaranteed(SessionPolicy::fromConfiguration);
    }

    /** SG003: a session is closed on normal paths, but an exception between open and close skips the close. */
    public static ArchRule sessionCloseNotGuaranteed(SessionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return sessionCloseNotGuaranteed(() -> policy);
    }

    private static ArchRule sessionCloseNotGuaranteed(Supplier<SessionPolicy> policy) {
        return rule(SessionRule.SG003, closeSessionsOnlyOnNormalPaths(policy));
    }

    /** The condition SG003 is built from: satisfied once for every session an exception can leave open. */
    public static ArchCondition<JavaClass> closeSessionsOnlyOnNormalPaths(SessionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return closeSessionsOnlyOnNormalPaths(() -> policy);
    }

    static ArchCondition<JavaClass> closeSessionsOnlyOnNormalPaths(Supplier<SessionPolicy> policy) {
        return flowCondition("close sessions only on normal paths", SessionRule.SG003, policy);
    }

    private static ArchCondition<JavaClass> flowCondition(String description, SessionRule rule, Supplier<SessionPolicy> policy) {
        return new PolicyCondition(description, policy) {
            private FlowCache.Shared flow;
            private SessionPolicy policy;
            private PolicyCheck.ConfiguredDoors doors;

            @Override
            void start(SessionPolicy p, Collection<JavaClass> classes, PolicyCheck.ConfiguredDoors configured) {
                flow = FlowCache.of(p, classes);
                policy = p;
                doors = configured;
            }

            @Override
            public void check(JavaClass c, ConditionEvents events) {
                FlowAnalysis.ClassFlow result = flow.analysis().of(c);
                flow.warn(result.warnings());
                result.warnings().forEach(w -> BaselineScope.notAnalysed(w.className(), w.member()));
                FlowViolations.of(c, result, policy, doors).stream().filter(v -> v.rule() == rule)
                        .forEach(v -> events.add(SimpleConditionEvent.satisfied(v, v.message())));
            }
        };
    }

    /** SG004, with the policy of {@code session-guard.properties}. */
    public static ArchRule sessionField() {
        return sessionField(SessionPolicy::fromConfiguration);
    }

    /** SG004: no class outside the db packages keeps a session in a field. */
    public static ArchRule sessionField(SessionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return sessionField(() -> policy);
    }

    private static ArchRule sessionField(Supplier<SessionPolicy> policy) {
        return rule(SessionRule.SG004, keepSessionsInFieldsOutsideDbPackages(policy));
    }

    /** The condition SG004 is built from: satisfied once for every field outside the db packages holding a session. */
    public static ArchCondition<JavaClass> keepSessionsInFieldsOutsideDbPackages(SessionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return keepSessionsInFieldsOutsideDbPackages(() -> policy);
    }

    static ArchCondition<JavaClass> keepSessionsInFieldsOutsideDbPackages(Supplier<SessionPolicy> policy) {
        return new PolicyCondition("keep sessions in fields outside the db packages", policy) {
            private SessionFieldUse use;

            @Override
            void start(SessionPolicy p, Collection<JavaClass> classes, PolicyCheck.ConfiguredDoors doors) {
                use = new SessionFieldUse(p, FlowCache.analysis(p, classes), doors);
            }

            @Override
            public void check(JavaClass c, ConditionEvents events) {
                use.violationsIn(c).forEach(v -> events.add(SimpleConditionEvent.satisfied(v, v.message())));
            }
        };
    }

    /** No class should satisfy the condition; the stable description; an empty import is PolicyCheck's to report. */
    private static ArchRule rule(SessionRule id, ArchCondition<JavaClass> condition) {
        return noClasses().should(condition).as(id.description()).allowEmptyShould(true);
    }

    /** Every session rule, with the policy of {@code session-guard.properties}. */
    public static List<ArchRule> all() {
        return Arrays.stream(SessionRule.values()).map(SessionRule::rule).toList();
    }

    /** Every session rule for the given policy, in the order of {@link SessionRule}. */
    public static List<ArchRule> all(SessionPolicy policy) {
        return Arrays.stream(SessionRule.values()).map(r -> r.rule(policy)).toList();
    }

    /** The violations a session rule found, in report order. */
    public static List<Violation> violations(EvaluationResult result) {
        List<Violation> all = new ArrayList<>();
        result.handleViolations((Collection<Violation> found, String message) -> all.addAll(found));
        all.sort(Violation.ORDER);
        return all;
    }

    /** A condition that reads its policy and verifies it against the analysed classes before the first check. */
    abstract static class PolicyCondition extends ArchCondition<JavaClass> {
        private final Supplier<SessionPolicy> policy;

        PolicyCondition(String description, Supplier<SessionPolicy> policy) {
            super(description);
            this.policy = policy;
        }

        @Override
        public final void init(Collection<JavaClass> allObjectsToTest) {
            SessionPolicy p;
            PolicyCheck.ConfiguredDoors doors;
            try {
                p = policy.get();
                doors = PolicyCheck.verifyAndDescribe(p, allObjectsToTest);
            } catch (SessionGuardConfigurationException e) {
                throw ConfigurationErrors.raise(e, allObjectsToTest);
            }
            start(p, allObjectsToTest, doors);
        }

        abstract void start(SessionPolicy p, Collection<JavaClass> classes, PolicyCheck.ConfiguredDoors doors);
    }
}
