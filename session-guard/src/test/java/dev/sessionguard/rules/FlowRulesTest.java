package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flow fixtures every rule test shares, and the cross-fixture check: no flow rule raises a false alarm in the
 * clean shapes (which use raw factories freely: SG001 is not their subject). Each rule's own tests are {@code SG002SessionLeakTest}, {@code SG003SessionCloseNotGuaranteedTest} and
 * {@code SG004SessionFieldTest}.
 */
class FlowRulesTest {
    static final String FIXTURES = "dev.sessionguard.fixtures";
    static final String[] PACKAGES = {FIXTURES + ".flow", FIXTURES + ".sg002", FIXTURES + ".sg003", FIXTURES + ".sg004",
            FIXTURES + ".clean", FIXTURES + ".callmodel"};
    static final SessionPolicy POLICY = SessionPolicy.builder()
            .closers(FIXTURES + ".flow.db.FlowDb#release")
            .build();
    /**
     * Imported per test: the flow analysis is shared per import, so a fresh import is analysed anew (as a mutation
     * tester needs when it runs each test against changed analysis code).
     */
    private final JavaClasses classes = new ClassFileImporter().importPackages(PACKAGES);

    /** A fresh import of the flow fixtures. */
    static JavaClasses importFixtures() {
        return new ClassFileImporter().importPackages(PACKAGES);
    }

    static List<Violation> violations(SessionRule rule, SessionPolicy policy, JavaClasses classes) {
        return SessionRules.violations(SessionRules.all(policy).get(rule.ordinal()).evaluate(classes));
    }

    static Set<String> expected(SessionRule rule) {
        Set<String> all = new TreeSet<>();
        for (String p : PACKAGES) {
            all.addAll(Fixtures.expected(p, rule));
        }
        return all;
    }

    /** Each rule reports exactly the lines marked with its ID in every flow fixture, and nothing else. */
    static void assertReportsExactlyTheMarkedLines(SessionRule rule, JavaClasses classes) {
        Fixtures.assertReportsExactlyTheMarkedLines(violations(rule, POLICY, classes), rule, PACKAGES);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SessionRule.class, names = {"SG002", "SG003", "SG004"})
    void no_flow_rule_reports_anything_in_the_clean_shapes(SessionRule rule) {
        assertThat(violations(rule, POLICY, classes)).extracting(Violation::location)
                .noneMatch(l -> l.startsWith(FIXTURES + ".clean."));
    }
}
