package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Session-bearing results (a Spring Data or {@code queryForStream} {@code Stream}, {@code getResultStream}, Hibernate's
 * {@code stream()}/{@code scroll()}, a MyBatis {@code Cursor}, a configured result) are sessions for SG002 and SG003:
 * over real Spring Data, Spring JDBC, JPA, Hibernate and MyBatis types.
 */
class SessionResultsTest {
    private static final String RESULTS = "dev.sessionguard.fixtures.results";
    private static final SessionPolicy POLICY = SessionPolicy.builder()
            .sessionResults(RESULTS + ".Exports#open").build();

    private final JavaClasses classes = new ClassFileImporter().importPackages(RESULTS);

    private List<Violation> violations(SessionRule rule, SessionPolicy policy) {
        return FlowRulesTest.violations(rule, policy, classes);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SessionRule.class, names = {"SG002", "SG003", "SG004"})
    void each_flow_rule_reports_exactly_the_marked_lines(SessionRule rule) {
        Fixtures.assertReportsExactlyTheMarkedLines(violations(rule, POLICY), rule, RESULTS);
    }

    @Test
    void the_fix_is_try_with_resources_on_the_result() {
        assertThat(violations(SessionRule.SG002, POLICY))
                .filteredOn(v -> v.location().equals(RESULTS + ".RepositoryStreams#mappedToAList"))
                .extracting(Violation::message).containsExactly("SG002 " + RESULTS + ".RepositoryStreams#mappedToAList"
                        + " opens a session with NoteRepository.streamAllBy() that is used by toList() at line 20 and never"
                        + " closed (RepositoryStreams.java:20); fix: use try-with-resources on the result:"
                        + " try (Stream<T> s = NoteRepository.streamAllBy()) { ... }");
        assertThat(violations(SessionRule.SG002, POLICY))
                .filteredOn(v -> v.location().equals(RESULTS + ".MyBatisCursors#fromAMapper"))
                .extracting(Violation::fix)
                .containsExactly("use try-with-resources on the result: try (Cursor<T> c = NoteMapper.allNotes()) { ... }");
        assertThat(violations(SessionRule.SG002, POLICY))
                .filteredOn(v -> v.location().equals(RESULTS + ".Exports#leaks"))
                .extracting(Violation::fix)
                .containsExactly("use try-with-resources on the result: try (var result = Exports.open()) { ... }");
    }

    /** An audit without Spring Data on its class path still knows a repository by the parent interface it names. */
    @Test
    void a_repository_is_recognised_without_spring_data_on_the_class_path() throws Exception {
        // surefire starts the JVM from a manifest-only jar: the real entries are in surefire.test.class.path
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String classPath = java.util.Arrays.stream(full.split(java.io.File.pathSeparator))
                .filter(e -> !e.contains("spring-data")).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process audit = new ProcessBuilder(javaBin, "-cp", classPath, "dev.sessionguard.cli.SessionGuardCli", "audit",
                java.nio.file.Path.of("target/test-classes/dev/sessionguard/fixtures/results").toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String out = new String(audit.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(audit.waitFor()).as(out).isEqualTo(1);
        assertThat(out).contains("SG002 mappedToAList opens a session with NoteRepository.streamAllBy()")
                .contains("SG002 anyNameOfABareRepository opens a session with NoteArchive.readAllByOrderById()");
    }

    @Test
    void a_configured_result_is_tracked_only_when_configured() {
        assertThat(violations(SessionRule.SG002, SessionPolicy.defaults())).extracting(Violation::location)
                .doesNotContain(RESULTS + ".Exports#leaks")
                .contains(RESULTS + ".JdbcStreams#named");
    }

    @Test
    void results_belong_to_their_preset() {
        SessionPolicy myBatisOnly = SessionPolicy.builder().presets(dev.sessionguard.policy.Preset.MYBATIS).build();
        assertThat(violations(SessionRule.SG002, myBatisOnly)).extracting(Violation::location).containsExactlyInAnyOrder(
                RESULTS + ".MyBatisCursors#fromAMapper", RESULTS + ".MyBatisCursors#fromTheContainersTemplate",
                RESULTS + ".MyBatisCursors#fromTheSession");
    }

    @Test
    void a_configured_result_that_is_not_closeable_is_a_configuration_error_naming_the_key() {
        SessionPolicy wrong = SessionPolicy.builder().sessionResults(RESULTS + ".Exports#describe").build();
        assertThatThrownBy(() -> violations(SessionRule.SG002, wrong))
                .hasStackTraceContaining(PolicyConfiguration.SESSION_RESULTS + "=" + RESULTS + ".Exports#describe")
                .hasStackTraceContaining("returns java.lang.String, which is neither AutoCloseable nor a reactive type");
    }

    @Test
    void a_malformed_configured_result_names_the_key_and_the_value() {
        assertThatThrownBy(() -> SessionPolicy.builder().sessionResults("com.acme.Exports.open"))
                .isInstanceOf(SessionGuardConfigurationException.class)
                .hasMessageContaining(PolicyConfiguration.SESSION_RESULTS)
                .hasMessageContaining("com.acme.Exports.open");
    }
}
