package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.sessionguard.policy.SessionPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sessionguard.rules.FlowRulesTest.FIXTURES;
import static dev.sessionguard.rules.FlowRulesTest.POLICY;
import static org.assertj.core.api.Assertions.assertThat;

/** SG002 session-leak over the flow fixtures: what it reports, at which line, in which words, with which fix. */
class SG002SessionLeakTest {
    private final JavaClasses classes = FlowRulesTest.importFixtures();

    private List<Violation> violations(SessionPolicy policy) {
        return FlowRulesTest.violations(SessionRule.SG002, policy, classes);
    }

    @Test
    void the_description_is_pinned() {
        assertThat(SessionRule.SG002.description())
                .isEqualTo("SG002 session-leak: sessions that are opened should be closed or handed on on every path");
    }

    @Test
    void reports_exactly_the_marked_lines() {
        FlowRulesTest.assertReportsExactlyTheMarkedLines(SessionRule.SG002, classes);
    }

    @Test
    void leak_messages_say_which_path_leaks() {
        List<String> details = violations(POLICY).stream().map(Violation::message).toList();
        String leaks = FIXTURES + ".sg002.Leaks#";
        assertThat(details).contains(
                "SG002 " + leaks + "neverClosed opens a session with FlowDb.getSession() that is not closed when the method"
                        + " returns at line 15 (Leaks.java:14); fix: use try-with-resources: try (var session = FlowDb.getSession()) { ... },"
                        + " or close it in a finally block with FlowDb.release(session)",
                "SG002 " + leaks + "discarded opens a session with FlowDb.getSession() that is discarded at line 19 without"
                        + " being closed (Leaks.java:19); fix: use try-with-resources: try (var session = FlowDb.getSession()) { ... },"
                        + " or close it in a finally block with FlowDb.release(session)",
                "SG002 " + leaks + "reassignedInALoop opens a session with FlowDb.connection() that is still open when line 45"
                        + " opens the next one (Leaks.java:45); fix: use try-with-resources: try (var session = FlowDb.connection()) { ... }",
                "SG002 " + leaks + "passedAsAnOrdinaryArgument opens a session with FlowDb.sqlSession() that is not closed when"
                        + " the method returns at line 57 (Leaks.java:55); fix: use try-with-resources: try (var session = FlowDb.sqlSession()) { ... }");
    }

    @Test
    void lambda_bodies_are_reported_as_their_method() {
        assertThat(violations(POLICY)).extracting(Violation::location)
                .contains(FIXTURES + ".sg002.NestedLeaks#lambda", FIXTURES + ".sg002.NestedLeaks$1#run",
                        FIXTURES + ".sg002.NestedLeaks$Inner#work");
    }

    @Test
    void without_the_configured_closer_its_callers_leak() {
        SessionPolicy noCloser = SessionPolicy.defaults();
        assertThat(violations(noCloser)).extracting(Violation::location)
                .contains(FIXTURES + ".clean.Correct#configuredCloser");
    }

    @Test
    void the_fix_names_the_source_the_code_called_not_another_configured_one() {
        SessionPolicy withAccessor = POLICY.toBuilder().sessionSources(FIXTURES + ".flow.db.FlowDb#getSession").build();
        assertThat(violations(withAccessor))
                .filteredOn(v -> v.location().equals(FIXTURES + ".sg002.Leaks#reassignedInALoop"))
                .extracting(Violation::fix)
                .containsExactly("use try-with-resources: try (var session = FlowDb.connection()) { ... }");
    }

    @Test
    void a_field_overwritten_while_it_may_still_hold_an_open_session_is_reported_at_the_store() {
        String reconnecting = FIXTURES + ".callmodel.db.Reconnecting#";
        assertThat(violations(POLICY)).filteredOn(v -> v.location().startsWith(reconnecting))
                .extracting(Violation::message).containsExactly(
                        "SG002 " + reconnecting + "connectWithRetries overwrites field connection with a session from"
                                + " DataSource.getConnection() while it may still hold an open session (Reconnecting.java:26);"
                                + " fix: close the session field connection holds (or check that it is closed) before storing"
                                + " a new one",
                        "SG002 " + reconnecting + "validConnection overwrites field connection with a session from"
                                + " DataSource.getConnection() while it may still hold an open session (Reconnecting.java:56);"
                                + " fix: close the session field connection holds (or check that it is closed) before storing"
                                + " a new one",
                        "SG002 " + reconnecting + "reconnectThroughIdleDisconnect overwrites field connection with a session"
                                + " from DataSource.getConnection() while it may still hold an open session"
                                + " (Reconnecting.java:94); fix: close the session field connection holds (or check that it is"
                                + " closed) before storing a new one");
    }

    @Test
    void the_fix_fits_the_type() {
        assertThat(violations(POLICY))
                .filteredOn(v -> v.location().equals(FIXTURES + ".callmodel.JavaxEntityManagers#neverClosed"))
                .extracting(Violation::fix).containsExactly("use try/finally: EntityManager em ="
                        + " EntityManagerFactory.createEntityManager(); try { ... } finally { em.close(); }");
    }

    @Test
    void the_rule_its_condition_and_its_page_are_reachable_from_the_id() {
        SessionGuardRuleSetTest.assertReachableFromItsId(SessionRule.SG002, POLICY, classes,
                SessionRules.sessionLeak(POLICY), "leak sessions");
    }
}
