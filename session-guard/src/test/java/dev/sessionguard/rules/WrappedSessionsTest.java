package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A session of a type that is neither a {@code Connection} nor closeable (a pool's entry), given to a call that returns
 * a {@code Connection}: the result stands for it, and the call's exception leaves it with the caller.
 */
class WrappedSessionsTest {
    private static final String WRAPPED = "dev.sessionguard.fixtures.wrapped";
    private static final SessionPolicy POLICY = SessionPolicy.builder()
            .sessionSources(WRAPPED + ".Pool#borrow", WRAPPED + ".Transactions#begin")
            .closers(WRAPPED + ".Pool#giveBack", WRAPPED + ".Transactions$Tx#commit", WRAPPED + ".Transactions$Tx#rollback").build();

    private final JavaClasses classes = new ClassFileImporter().importPackages(WRAPPED);

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SessionRule.class, names = {"SG002", "SG003", "SG004"})
    void each_flow_rule_reports_exactly_the_marked_lines(SessionRule rule) {
        Fixtures.assertReportsExactlyTheMarkedLines(FlowRulesTest.violations(rule, POLICY, classes), rule, WRAPPED);
    }
}
