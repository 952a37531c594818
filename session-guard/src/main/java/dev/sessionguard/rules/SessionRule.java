package dev.sessionguard.rules;

import com.tngtech.archunit.PublicAPI;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import dev.sessionguard.policy.SessionPolicy;

import java.util.Objects;
import java.util.Optional;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * The session rules, with the stable IDs and names every layer (tests, hook, audit, baseline) reports. Each rule is
 * a unit found by its ID: its rule ({@link #rule(SessionPolicy)}), condition ({@link #condition(SessionPolicy)}),
 * description, the code that words its messages and fixes, its test ({@code SGnnn...Test}) and its page
 * ({@link #page()}).
 */
@PublicAPI(usage = ACCESS)
public enum SessionRule {
    /**
     * Raw factory used outside the db packages. Rule {@link SessionRules#rawFactoryOutsideDb(SessionPolicy)},
     * condition {@link SessionRules#useRawSessionFactoriesOutsideDbPackages(SessionPolicy)}; found and worded (fix:
     * {@link SessionPolicy#fixHint()}) by {@code RawFactoryUse}; tested by {@code SG001RawFactoryOutsideDbTest}; in
     * the source layer the Checkstyle module {@code SG001} of {@code config/checkstyle/session-guard.xml}.
     */
    SG001("raw-factory-outside-db", "no classes outside the db packages should use raw session factories"),
    /**
     * Session not closed or handed on on some normal path, or a field overwritten while it may hold an open one. Rule
     * {@link SessionRules#sessionLeak(SessionPolicy)}, condition {@link SessionRules#leakSessions(SessionPolicy)};
     * found by the flow analysis ({@code SessionFinding.Kind.LEAK}, {@code FIELD_OVERWRITTEN}), worded with its fix by
     * {@code FlowViolations}; tested by {@code SG002SessionLeakTest}; in the source layer the Checkstyle module
     * {@code SG002} (which cannot tell SG002 from SG003).
     */
    SG002("session-leak", "sessions that are opened should be closed or handed on on every path"),
    /**
     * Closed on normal paths only: an exception between open and close skips the close. Rule
     * {@link SessionRules#sessionCloseNotGuaranteed(SessionPolicy)}, condition
     * {@link SessionRules#closeSessionsOnlyOnNormalPaths(SessionPolicy)}; found by the flow analysis
     * ({@code SessionFinding.Kind.CLOSE_NOT_GUARANTEED}), worded with its fix by {@code FlowViolations}; tested by
     * {@code SG003SessionCloseNotGuaranteedTest}.
     */
    SG003("session-close-not-guaranteed", "sessions should be closed even when an exception is thrown"),
    /**
     * A session kept in a field. Rule {@link SessionRules#sessionField(SessionPolicy)}, condition
     * {@link SessionRules#keepSessionsInFieldsOutsideDbPackages(SessionPolicy)}; found and worded with its fix by
     * {@code SessionFieldUse}; tested by {@code SG004SessionFieldTest}.
     */
    SG004("session-field", "no classes outside the db packages should keep sessions in fields");

    private final String ruleName;
    private final String sentence;

    SessionRule(String ruleName, String sentence) {
        this.ruleName = ruleName;
        this.sentence = sentence;
    }

    public String id() {
        return name();
    }

    /** The short name: {@code raw-factory-outside-db}. */
    public String ruleName() {
        return ruleName;
    }

    /** The stable ArchUnit rule description: {@code SG001 raw-factory-outside-db: no classes outside ...}. */
    public String description() {
        return id() + " " + ruleName + ": " + sentence;
    }

    /** The rule's page in the repository: {@code docs/rules/SG001-raw-factory-outside-db.md}. */
    public String page() {
        return "docs/rules/" + id() + "-" + ruleName + ".md";
    }

    /** This rule for the policy of {@code session-guard.properties}, read when it is evaluated (not frozen). */
    public ArchRule rule() {
        return switch (this) {
            case SG001 -> SessionRules.rawFactoryOutsideDb();
            case SG002 -> SessionRules.sessionLeak();
            case SG003 -> SessionRules.sessionCloseNotGuaranteed();
            case SG004 -> SessionRules.sessionField();
        };
    }

    /** This rule for the given policy: a fresh rule, as the factory of {@link SessionRules} returns it. */
    public ArchRule rule(SessionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return switch (this) {
            case SG001 -> SessionRules.rawFactoryOutsideDb(policy);
            case SG002 -> SessionRules.sessionLeak(policy);
            case SG003 -> SessionRules.sessionCloseNotGuaranteed(policy);
            case SG004 -> SessionRules.sessionField(policy);
        };
    }

    /** The condition this rule is built from, satisfied once per violation, for composing rules of one's own. */
    public ArchCondition<JavaClass> condition(SessionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return switch (this) {
            case SG001 -> SessionRules.useRawSessionFactoriesOutsideDbPackages(policy);
            case SG002 -> SessionRules.leakSessions(policy);
            case SG003 -> SessionRules.closeSessionsOnlyOnNormalPaths(policy);
            case SG004 -> SessionRules.keepSessionsInFieldsOutsideDbPackages(policy);
        };
    }

    /** The rule whose description or message starts with its ID, if any. */
    public static Optional<SessionRule> ofText(String text) {
        for (SessionRule r : values()) {
            if (text.startsWith(r.id() + " ")) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
