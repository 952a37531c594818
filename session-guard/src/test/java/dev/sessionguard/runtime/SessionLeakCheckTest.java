package dev.sessionguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.sessionguard.fixtures.runtime.ClassLevelCases;
import dev.sessionguard.fixtures.runtime.HibernateCases;
import dev.sessionguard.fixtures.runtime.JdbcCases;
import dev.sessionguard.fixtures.runtime.JpaCases;
import dev.sessionguard.fixtures.runtime.MyBatisCases;
import dev.sessionguard.fixtures.runtime.SpringCases;
import dev.sessionguard.fixtures.runtime.XaJdbcCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import dev.sessionguard.fixtures.runtime.LeakCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** {@link SessionLeakCheck} on real Hibernate 7, JPA, JDBC (HikariCP over H2, H2's XA data source) and MyBatis 3.5, run through JUnit. */
class SessionLeakCheckTest {

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of(HibernateCases.class, "org.hibernate.Session"),
                Arguments.of(JpaCases.class, "jakarta.persistence.EntityManager"),
                Arguments.of(JdbcCases.class, "java.sql.Connection"),
                Arguments.of(XaJdbcCases.class, "javax.sql.XAConnection"),
                Arguments.of(MyBatisCases.class, "org.apache.ibatis.session.SqlSession"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void a_session_left_open_fails_its_test_naming_where_it_was_opened(Class<?> cases, String type) throws IOException {
        EngineExecutionResults results = run(selectMethod(cases, "leaks"));

        results.testEvents().assertStatistics(s -> s.started(1).succeeded(0).failed(1));
        String message = failureOf(results, "leaks").getMessage();
        // open() returns the session it opened: a door, so the opener named is its caller
        assertThat(message).startsWith("SG002 runtime: " + type + " opened at " + caller("leaks", "// the opener")
                + " during " + cases.getName() + "#leaks() was never closed\n");
        assertThat(message.lines().skip(1)).first().asString()
                .startsWith("\tat " + cases.getName() + ".open(" + cases.getSimpleName() + ".java:");
        assertThat(message).contains("\tat dev.sessionguard.fixtures.runtime.LeakCases.leaks(LeakCases.java:")
                .containsPattern("\t\\.\\.\\. \\d+ framework frames")
                .doesNotContain("dev.sessionguard.runtime.");
        assertThat(message.lines().filter(l -> l.startsWith("SG002"))).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void a_session_closed_by_the_test_passes(Class<?> cases, String type) {
        run(selectMethod(cases, "closes")).allEvents().assertStatistics(s -> s.failed(0));
        run(selectMethod(cases, "closes")).testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void parallel_tests_are_each_judged_on_their_own_sessions(Class<?> cases, String type) throws IOException {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .selectors(selectMethod(cases, "inParallelLeaks"), selectMethod(cases, "inParallelCloses"))
                .execute();

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        assertThat(failureOf(results, "inParallelLeaks").getMessage())
                .startsWith("SG002 runtime: " + type + " opened at " + caller("inParallelLeaks", "// the parallel opener")
                        + " during " + cases.getName() + "#inParallelLeaks() was never closed\n");
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void a_thread_bound_current_session_is_closed_by_its_transaction_not_leaked() {
        run(selectMethod(HibernateCases.class, "currentSessionClosedByItsTransaction"))
                .allEvents().assertStatistics(s -> s.failed(0).succeeded(3));
    }

    @ParameterizedTest
    @ValueSource(classes = {SpringCases.Jdbc.class, SpringCases.Jpa.class, SpringCases.MyBatis.class})
    void a_session_of_a_spring_test_transaction_is_closed_by_the_container_after_the_test(Class<?> cases) {
        EngineExecutionResults results = run(selectClass(cases));
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void a_checked_test_that_runs_checked_tests_leaves_them_their_sessions_opened_on_threads_no_test_started() {
        dev.sessionguard.fixtures.runtime.NestedRunCases.startWorker();
        EngineExecutionResults results = run(selectClass(dev.sessionguard.fixtures.runtime.NestedRunCases.class));
        assertThat(results.allEvents().failed().stream().map(e -> e.getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().toString()))
                .isEmpty();
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void a_session_opened_in_before_all_and_closed_in_after_all_is_judged_per_class() {
        EngineExecutionResults results = run(selectClass(ClassLevelCases.ClosedAfterAll.class));
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0));
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void a_session_opened_in_before_all_and_never_closed_fails_the_class_not_its_tests() throws IOException {
        Class<?> cases = ClassLevelCases.NeverClosed.class;
        EngineExecutionResults results = run(selectClass(cases));

        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        Event failed = results.containerEvents().failed().stream().findFirst().orElseThrow();
        Throwable failure = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(failure.getMessage()).startsWith("SG002 runtime: org.hibernate.Session opened at "
                + cases.getName() + "#open(ClassLevelCases.java:" + line(ClassLevelCases.class, "// opens") + ") during "
                + cases.getName() + " was never closed");
        assertThat(failure.getStackTrace()[0].getClassName()).isEqualTo(cases.getName());
    }

    private static EngineExecutionResults run(DiscoverySelector... selectors) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectors).execute();
    }

    private static Throwable failureOf(EngineExecutionResults results, String method) {
        List<Event> failures = results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(method + "(")).toList();
        assertThat(failures).hasSize(1);
        return failures.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }

    /** The frame in LeakCases that calls the fixture's open(), at the line that carries the marker. */
    private static String caller(String method, String marker) throws IOException {
        return LeakCases.class.getName() + "#" + method + "(LeakCases.java:" + line(LeakCases.class, marker) + ")";
    }

    private static String opener(Class<?> cases) throws IOException {
        return cases.getName() + "#open(" + cases.getSimpleName() + ".java:" + line(cases, "// opens") + ")";
    }

    /** The line of a fixture's source that carries the marker. */
    static int line(Class<?> type, String marker) throws IOException {
        Path source = Path.of("src/test/java", type.getName().replace('.', '/') + ".java");
        List<String> lines = Files.readAllLines(source);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker + " not in " + source);
    }
}
