package dev.sessionguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.sessionguard.fixtures.runtime.SpringContextCases;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** {@link SessionLeakCheck} in Spring tests with no {@code SessionLeaks.watch} call: the context's beans are watched. */
class SpringTestSupportTest {
    private static final Class<?> CHECKED = SpringContextCases.Checked.class;

    static Stream<Arguments> leaks() {
        return Stream.of(
                Arguments.of(CHECKED, "leaksAConnection", "java.sql.Connection", "// opens a connection"),
                Arguments.of(CHECKED, "leaksASqlSession", "org.apache.ibatis.session.SqlSession", "// opens a SqlSession"),
                Arguments.of(CHECKED, "leaksAnEntityManager", "jakarta.persistence.EntityManager", "// opens an EntityManager"),
                Arguments.of(SpringContextCases.CheckedFirst.class, "leaksAConnection", "java.sql.Connection", "// opens first"));
    }

    @ParameterizedTest
    @MethodSource("leaks")
    void a_session_left_open_from_a_context_bean_fails_its_test_naming_test_and_opener(Class<?> cases, String test,
            String type, String marker) throws IOException {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectMethod(cases, test)).execute();

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        String message = failure(results.testEvents().failed().stream().toList()).getMessage();
        assertThat(message).startsWith("SG002 runtime: " + type + " opened at " + cases.getName() + "#" + test + "("
                + "SpringContextCases.java:" + SessionLeakCheckTest.line(SpringContextCases.class, marker) + ") during "
                + cases.getName() + "#" + test + "() was never closed\n");
        assertThat(message.lines().filter(l -> l.startsWith("SG002"))).as("one report: not its connection too").hasSize(1);
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void closed_sessions_jdbc_template_and_a_rolled_back_transaction_pass_and_what_the_context_keeps_is_no_leak() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(
                selectMethod(CHECKED, "closesWhatItOpens"), selectMethod(CHECKED, "usesJdbcTemplate"),
                selectMethod(CHECKED, "rollsBackItsTransaction"),
                selectMethod(SpringContextCases.CheckedFirst.class, "rollsBackItsTransaction")).execute();

        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4).failed(0));
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void the_context_of_a_test_without_the_check_is_left_as_it_is() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(SpringContextCases.Unchecked.class)).execute();
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    private static Throwable failure(List<Event> failed) {
        assertThat(failed).hasSize(1);
        return failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }
}
