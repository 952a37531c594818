package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SG002, SG003 and SG004 over every flow fixture at once: each rule reports exactly the lines marked with its ID
 * (zero misses), and nothing else in any fixture (zero false alarms), including the clean shapes.
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SessionRule.class, names = {"SG002", "SG003", "SG004"})
    void reports_exactly_the_marked_lines(SessionRule rule) {
        List<Violation> found = violations(rule, POLICY, classes);
        assertThat(found).allSatisfy(v -> assertThat(v.rule()).isEqualTo(rule));
        assertThat(Fixtures.actual(found)).isEqualTo(expected(rule));
    }

    @Test
    void leak_messages_say_which_path_leaks() {
        List<String> details = violations(SessionRule.SG002, POLICY, classes).stream().map(Violation::message).toList();
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
    void close_not_guaranteed_messages_name_the_thrower_and_the_skipped_close() {
        List<String> details = violations(SessionRule.SG003, POLICY, classes).stream().map(Violation::detail).toList();
        assertThat(details).contains(
                "opens a session with FlowDb.getSession() whose close is not guaranteed: an exception thrown by persist() at"
                        + " line 15 skips close() at line 16",
                "opens a session with FlowDb.entityManager() whose close is not guaranteed: the exception thrown at line 22"
                        + " skips close() at line 24",
                "opens a session with FlowDb.connection() whose close is not guaranteed: an exception thrown by"
                        + " prepareStatement() at line 30 skips close() at line 35");
    }

    @Test
    void lambda_bodies_are_reported_as_their_method() {
        assertThat(violations(SessionRule.SG002, POLICY, classes)).extracting(Violation::location)
                .contains(FIXTURES + ".sg002.NestedLeaks#lambda", FIXTURES + ".sg002.NestedLeaks$1#run",
                        FIXTURES + ".sg002.NestedLeaks$Inner#work");
    }

    @Test
    void without_the_configured_closer_its_callers_leak() {
        SessionPolicy noCloser = SessionPolicy.defaults();
        assertThat(violations(SessionRule.SG002, noCloser, classes)).extracting(Violation::location)
                .contains(FIXTURES + ".clean.Correct#configuredCloser");
    }

    @Test
    void session_fields_inside_the_db_packages_are_allowed_and_reported_once_they_are_not() {
        SessionPolicy nothingIsDb = POLICY.toBuilder().dbPackages("..fixtures.flow.db..").build();
        assertThat(violations(SessionRule.SG004, nothingIsDb, classes)).extracting(Violation::location)
                .contains(FIXTURES + ".sg004.db.SessionHolder#session");
    }

    @Test
    void the_fix_names_the_source_the_code_called_not_another_configured_one() {
        SessionPolicy withAccessor = POLICY.toBuilder().sessionSources(FIXTURES + ".flow.db.FlowDb#getSession").build();
        assertThat(violations(SessionRule.SG002, withAccessor, classes))
                .filteredOn(v -> v.location().equals(FIXTURES + ".sg002.Leaks#reassignedInALoop"))
                .extracting(Violation::fix)
                .containsExactly("use try-with-resources: try (var session = FlowDb.connection()) { ... }");
    }

    @Test
    void a_field_overwritten_while_it_may_still_hold_an_open_session_is_reported_at_the_store() {
        String reconnecting = FIXTURES + ".callmodel.db.Reconnecting#";
        assertThat(violations(SessionRule.SG002, POLICY, classes)).filteredOn(v -> v.location().startsWith(reconnecting))
                .extracting(Violation::message).containsExactly(
                        "SG002 " + reconnecting + "connectWithRetries overwrites field connection with a session from"
                                + " DataSource.getConnection() while it may still hold an open session (Reconnecting.java:26);"
                                + " fix: close the session field connection holds (or check that it is closed) before storing"
                                + " a new one",
                        "SG002 " + reconnecting + "validConnection overwrites field connection with a session from"
                                + " DataSource.getConnection() while it may still hold an open session (Reconnecting.java:56);"
                                + " fix: close the session field connection holds (or check that it is closed) before storing"
                                + " a new one");
    }

    @Test
    void the_fix_fits_the_type_and_names_the_projects_closer_where_the_close_is_not_guaranteed() {
        assertThat(violations(SessionRule.SG002, POLICY, classes))
                .filteredOn(v -> v.location().equals(FIXTURES + ".callmodel.JavaxEntityManagers#neverClosed"))
                .extracting(Violation::fix).containsExactly("use try/finally: EntityManager em ="
                        + " EntityManagerFactory.createEntityManager(); try { ... } finally { em.close(); }");
        assertThat(violations(SessionRule.SG003, POLICY, classes))
                .filteredOn(v -> v.location().equals(FIXTURES + ".sg003.NotGuaranteed#closeWithoutFinally"))
                .extracting(Violation::fix).containsExactly("use try-with-resources: try (var session ="
                        + " FlowDb.getSession()) { ... }, or release it in a finally block with FlowDb.release(session)");
    }

    @Test
    void a_short_lived_command_object_is_no_shared_session_but_a_holder_is() {
        assertThat(violations(SessionRule.SG004, POLICY, classes)).extracting(Violation::location)
                .contains(FIXTURES + ".callmodel.Holder#connection")
                .doesNotContain(FIXTURES + ".callmodel.Command#connection");
    }
}
