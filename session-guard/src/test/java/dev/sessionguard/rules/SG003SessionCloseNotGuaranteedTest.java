package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sessionguard.rules.FlowRulesTest.FIXTURES;
import static dev.sessionguard.rules.FlowRulesTest.POLICY;
import static org.assertj.core.api.Assertions.assertThat;

/** SG003 session-close-not-guaranteed over the flow fixtures: what it reports, in which words, with which fix. */
class SG003SessionCloseNotGuaranteedTest {
    private final JavaClasses classes = FlowRulesTest.importFixtures();

    private List<Violation> violations() {
        return FlowRulesTest.violations(SessionRule.SG003, POLICY, classes);
    }

    @Test
    void the_description_is_pinned() {
        assertThat(SessionRule.SG003.description())
                .isEqualTo("SG003 session-close-not-guaranteed: sessions should be closed even when an exception is thrown");
    }

    @Test
    void reports_exactly_the_marked_lines() {
        FlowRulesTest.assertReportsExactlyTheMarkedLines(SessionRule.SG003, classes);
    }

    @Test
    void close_not_guaranteed_messages_name_the_thrower_and_the_skipped_close() {
        List<String> details = violations().stream().map(Violation::detail).toList();
        assertThat(details).contains(
                "opens a session with FlowDb.getSession() whose close is not guaranteed: an exception thrown by persist() at"
                        + " line 15 skips close() at line 16",
                "opens a session with FlowDb.entityManager() whose close is not guaranteed: the exception thrown at line 22"
                        + " skips close() at line 24",
                "opens a session with FlowDb.connection() whose close is not guaranteed: an exception thrown by"
                        + " prepareStatement() at line 30 skips close() at line 35");
    }

    @Test
    void the_fix_names_the_projects_closer() {
        assertThat(violations())
                .filteredOn(v -> v.location().equals(FIXTURES + ".sg003.NotGuaranteed#closeWithoutFinally"))
                .extracting(Violation::fix).containsExactly("use try-with-resources: try (var session ="
                        + " FlowDb.getSession()) { ... }, or release it in a finally block with FlowDb.release(session)");
    }

    @Test
    void the_rule_its_condition_and_its_page_are_reachable_from_the_id() {
        SessionGuardRuleSetTest.assertReachableFromItsId(SessionRule.SG003, POLICY, classes,
                SessionRules.sessionCloseNotGuaranteed(POLICY), "close sessions only on normal paths");
    }
}
