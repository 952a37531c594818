package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sessionguard.closerFailures}: with it on, a close helper that can throw while the session is still open
 * leaves it open on that exception (SG003 at the source, naming the helper); off (the default), a closer closes.
 */
class CloserFailuresTest {
    private static final String FIXTURES = "dev.sessionguard.fixtures.closerfailures";
    private final JavaClasses classes = new ClassFileImporter().importPackages(FIXTURES);

    @Test
    void with_closer_failures_followed_sg003_reports_exactly_the_marked_lines() {
        SessionPolicy wider = SessionPolicy.builder().closerFailures(true).build();
        Fixtures.assertReportsExactlyTheMarkedLines(FlowRulesTest.violations(SessionRule.SG003, wider, classes),
                SessionRule.SG003, FIXTURES);
        assertThat(FlowRulesTest.violations(SessionRule.SG002, wider, classes)).isEmpty();
    }

    @Test
    void by_default_a_closer_that_can_fail_still_closes() {
        for (SessionRule rule : new SessionRule[] {SessionRule.SG002, SessionRule.SG003}) {
            assertThat(FlowRulesTest.violations(rule, SessionPolicy.defaults(), classes)).as(rule.id()).isEmpty();
        }
    }
}
