package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A configured source called on {@code this} by an AutoCloseable class whose close() runs a configured closer hands
 * out the session that object holds: its close releases it, not the method (hutool's {@code Session#commit()}); the
 * same call from another object, or in a class whose close() gives nothing back, is the method's to close. An override
 * of a configured source that returns its object's field (a lazy holder) hands out that field's session: no source.
 */
class UnitOfWorkTest {
    private static final String PACKAGE = "dev.sessionguard.fixtures.unitofwork";
    private static final SessionPolicy POLICY = SessionPolicy.builder()
            .sessionSources(PACKAGE + ".TxSession#getConnection", PACKAGE + ".ForgetfulSession#getConnection",
                    PACKAGE + ".BaseTask#getConnection")
            .closers(PACKAGE + ".TxSession#release")
            .build();

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SessionRule.class, names = {"SG002", "SG003"})
    void reports_exactly_the_marked_lines(SessionRule rule) {
        JavaClasses classes = new ClassFileImporter().importPackages(PACKAGE);
        Fixtures.assertReportsExactlyTheMarkedLines(
                FlowRulesTest.violations(rule, POLICY, classes), rule, PACKAGE);
    }
}
