package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.sessionguard.fixtures.callmodel.Handover;
import dev.sessionguard.fixtures.callmodel.OneLine;
import dev.sessionguard.fixtures.callmodel.Wrapping;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SG002's words for the hand-over fixtures: a session handed on where the method completes but dropped where an
 * exception leaves it is reported with the call that throws, and one given to a method that only looks at it with
 * that method.
 */
class HandoverMessagesTest {
    private static final String HANDOVER = Handover.class.getName() + "#";
    private final JavaClasses classes = new ClassFileImporter()
            .importPackages(Handover.class.getPackageName());

    private List<String> messages() {
        return FlowRulesTest.violations(SessionRule.SG002, FlowRulesTest.POLICY, classes).stream()
                .map(Violation::message).toList();
    }

    @Test
    void an_exception_that_leaves_the_method_is_named_with_its_call_and_line() {
        assertThat(messages()).contains(
                "SG002 " + HANDOVER + "configuredThenReturned opens a session with DataSource.getConnection() that is left"
                        + " open when an exception thrown by setAutoCommit() at line 77 leaves the method (Handover.java:76);"
                        + " fix: use try-with-resources: try (var session = DataSource.getConnection()) { ... }",
                "SG002 " + HANDOVER + "sessionWithTransaction opens a session with SessionFactory.openSession() that is left"
                        + " open when an exception thrown by beginTransaction() at line 129 leaves the method"
                        + " (Handover.java:128); fix: use try-with-resources: try (var session = SessionFactory.openSession())"
                        + " { ... }, or close it in a finally block with FlowDb.release(session)");
    }

    @Test
    void a_rethrow_that_leaves_the_method_is_named_by_the_call_that_threw_in_the_first_place() {
        // the catch rethrows at line 115: the path a reader follows starts at setAutoCommit()
        assertThat(messages()).anyMatch(m -> m.startsWith("SG002 " + HANDOVER + "describedOnFailure opens a session with"
                + " DataSource.getConnection() that is left open when an exception thrown by setAutoCommit() at line 111"
                + " leaves the method (Handover.java:108)"));
    }

    @Test
    void a_method_that_only_looks_at_the_session_is_named_as_its_last_user() {
        assertThat(messages()).anyMatch(m -> m.startsWith("SG002 " + HANDOVER + "onlyInspected opens a session with"
                + " DataSource.getConnection() that is used by inspect() at line 55 and never closed"));
    }

    @Test
    void two_sources_on_one_line_that_leak_the_same_way_are_one_report() {
        assertThat(messages()).filteredOn(m -> m.contains("OneLine#eitherSource")).containsExactly("SG002 "
                + OneLine.class.getName() + "#eitherSource opens a session with DataSource.getConnection() that is not"
                + " closed when the method returns at line 13 (OneLine.java:12); fix: use try-with-resources: try (var"
                + " session = DataSource.getConnection()) { ... }");
    }

    @Test
    void a_wrapped_failure_is_named_by_the_call_whose_exception_it_wraps() {
        assertThat(messages()).anyMatch(m -> m.startsWith("SG002 " + Wrapping.class.getName() + "#readOnlyConnection"
                + " opens a session with DataSource.getConnection() that is left open when an exception thrown by"
                + " setReadOnly() at line 21 leaves the method (Wrapping.java:19)"));
    }
}
