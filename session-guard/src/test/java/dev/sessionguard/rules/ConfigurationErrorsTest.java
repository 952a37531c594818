package dev.sessionguard.rules;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A configuration error, through a real archunit-junit6 run of the rule set as users include it: one failure with one
 * line naming key, value and problem, no stack trace, the other rules skipped (never passed).
 */
class ConfigurationErrorsTest {
    private static final String DB = "dev.sessionguard.fixtures.sg001.hibernate.db.HibernateDb";

    /** The user's rule test; not a test of this build itself (surefire runs no nested classes). */
    @AnalyzeClasses(packages = "dev.sessionguard.fixtures.sg001.hibernate")
    static class UsersRuleSet {
        @ArchTest
        static final ArchTests sessionGuard = ArchTests.in(SessionGuard.class);
    }

    /** Runs the rule set with {@code properties} as the session-guard.properties at the classpath root. */
    static EngineExecutionResults runWith(Path dir, String properties) throws IOException {
        Path file = Files.writeString(dir.resolve(PolicyConfiguration.RESOURCE), properties, StandardCharsets.UTF_8);
        URL url = file.toUri().toURL();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(new ClassLoader(previous) {
            @Override
            public URL getResource(String name) {
                return name.equals(PolicyConfiguration.RESOURCE) ? url : super.getResource(name);
            }
        });
        try {
            return EngineTestKit.engine("archunit").selectors(selectClass(UsersRuleSet.class)).execute();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Throwable thrown(Event e) {
        return e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    /** The one failure: a configuration error without a stack trace, and the rest skipped with the same line. */
    static String theOneError(EngineExecutionResults results) {
        assertThat(results.testEvents().succeeded().count()).as("no rule passes").isZero();
        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).as("one rule fails").hasSize(1);
        Throwable error = thrown(failed.get(0));
        assertThat(error).isInstanceOf(SessionGuardConfigurationException.class);
        assertThat(error.getStackTrace()).as("no stack trace unless asked for").isEmpty();
        assertThat(error.getMessage()).doesNotContain("\n");
        List<Event> skipped = results.testEvents().aborted().list();
        assertThat(skipped).as("the other rules are skipped").hasSize(3);
        skipped.forEach(s -> assertThat(thrown(s).getMessage()).startsWith(error.getMessage())
                .endsWith("(reported by the first rule that met it; this rule is skipped)"));
        return error.getMessage();
    }

    @Test
    void a_value_with_an_end_of_line_comment_is_one_error_that_says_properties_has_no_such_comments(@TempDir Path dir)
            throws IOException {
        String message = theOneError(runWith(dir, "sessionguard.sessionSources=" + DB + "#getSession   # the managed door\n"));
        assertThat(message).endsWith(": sessionguard.sessionSources=" + DB + "#getSession   # the managed door:"
                + " the value ends with \"# the managed door\", but .properties has no end-of-line comments, so it is"
                + " part of the value: put the comment on a line of its own");
    }

    @Test
    void a_malformed_method_is_one_error_that_names_what_is_wrong_with_it(@TempDir Path dir) throws IOException {
        String message = theOneError(runWith(dir, "sessionguard.closers=" + DB + ".release\n"));
        assertThat(message).endsWith(": sessionguard.closers=" + DB + ".release: there is no # between the type and the"
                + " method; expected TYPE#METHOD, e.g. com.acme.db.Db#getSession");
    }

    @Test
    void an_error_found_against_the_analysed_classes_is_reported_once_too(@TempDir Path dir) throws IOException {
        String message = theOneError(runWith(dir, "sessionguard.rawFactories=com.acme.db.RawSesions\n"));
        assertThat(message).startsWith("session-guard: sessionguard.rawFactories=com.acme.db.RawSesions: no such type");
    }
}
