package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.sessionguard.policy.SessionPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sessionguard.rules.FlowRulesTest.FIXTURES;
import static dev.sessionguard.rules.FlowRulesTest.POLICY;
import static org.assertj.core.api.Assertions.assertThat;

/** SG004 session-field over the flow fixtures: which fields it reports and which it leaves alone. */
class SG004SessionFieldTest {
    private final JavaClasses classes = FlowRulesTest.importFixtures();

    private List<Violation> violations(SessionPolicy policy) {
        return FlowRulesTest.violations(SessionRule.SG004, policy, classes);
    }

    @Test
    void the_description_is_pinned() {
        assertThat(SessionRule.SG004.description())
                .isEqualTo("SG004 session-field: no classes outside the db packages should keep sessions in fields");
    }

    @Test
    void reports_exactly_the_marked_lines() {
        FlowRulesTest.assertReportsExactlyTheMarkedLines(SessionRule.SG004, classes);
    }

    @Test
    void session_fields_inside_the_db_packages_are_allowed_and_reported_once_they_are_not() {
        SessionPolicy nothingIsDb = POLICY.toBuilder().dbPackages("..fixtures.flow.db..").build();
        assertThat(violations(nothingIsDb)).extracting(Violation::location)
                .contains(FIXTURES + ".sg004.db.SessionHolder#session");
    }

    @Test
    void a_short_lived_command_object_is_no_shared_session_but_a_holder_is() {
        assertThat(violations(POLICY)).extracting(Violation::location)
                .contains(FIXTURES + ".callmodel.Holder#connection")
                .doesNotContain(FIXTURES + ".callmodel.Command#connection");
    }

    @Test
    void the_rule_its_condition_and_its_page_are_reachable_from_the_id() {
        SessionGuardRuleSetTest.assertReachableFromItsId(SessionRule.SG004, POLICY, classes,
                SessionRules.sessionField(POLICY), "keep sessions in fields outside the db packages");
    }
}
