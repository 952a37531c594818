package dev.sessionguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.sessionguard.fixtures.runtime.StreamCases;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@link SessionLeakCheck} watches session-bearing results in Spring tests (real Spring Data JPA over Hibernate, Spring
 * JDBC and MyBatis on H2): one left open fails its test naming the result, the call that made it, the test and the
 * opener's line; one closed (or a cursor read to its end) passes.
 */
class StreamLeakCheckTest {
    private static final Class<?> CASES = StreamCases.Checked.class;

    static Stream<Arguments> leaks() {
        return Stream.of(
                Arguments.of("leaksARepositoryStream", "java.util.stream.Stream from "
                        + "dev.sessionguard.fixtures.runtime.streams.ShopRepository#streamAllBy", "// opens a repository stream"),
                Arguments.of("leaksAQueryForStream", "java.util.stream.Stream from "
                        + "org.springframework.jdbc.core.JdbcTemplate#queryForStream", "// opens a jdbc stream"),
                Arguments.of("leaksAMapperCursor", "org.apache.ibatis.cursor.Cursor from "
                        + "dev.sessionguard.fixtures.runtime.streams.NumberMapper#numbers", "// opens a mapper cursor"),
                Arguments.of("leaksASelectCursor", "org.apache.ibatis.cursor.Cursor from "
                        + "org.apache.ibatis.session.SqlSession#selectCursor", "// opens a cursor"));
    }

    /**
     * Spring Data JDBC outside a transaction: the Stream's own connection comes from the watched data source, and is
     * reported through the Stream that holds it, not as a second leak.
     */
    @Test
    void a_jdbc_repository_stream_and_the_connection_it_holds_are_one_report() throws IOException {
        Class<?> cases = StreamCases.JdbcChecked.class;
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(
                selectMethod(cases, "leaksAJdbcRepositoryStream"), selectMethod(cases, "closesAJdbcRepositoryStream")).execute();

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        String message = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage();
        assertThat(message).startsWith("SG002 runtime: java.util.stream.Stream from"
                + " dev.sessionguard.fixtures.runtime.jdbcstreams.NameRows#streamAllBy opened at " + cases.getName()
                + "#leaksAJdbcRepositoryStream(StreamCases.java:" + SessionLeakCheckTest.line(StreamCases.class,
                "// opens a jdbc repository stream") + ") during " + cases.getName() + "#leaksAJdbcRepositoryStream()"
                + " was never closed\n");
        assertThat(message.lines().filter(l -> l.startsWith("SG002"))).as(message).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("leaks")
    void a_result_left_open_fails_its_test_naming_the_result_the_test_and_the_opener(String test, String type, String marker)
            throws IOException {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectMethod(CASES, test)).execute();

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure.getMessage()).startsWith("SG002 runtime: " + type + " opened at " + CASES.getName() + "#" + test
                + "(StreamCases.java:" + SessionLeakCheckTest.line(StreamCases.class, marker) + ") during " + CASES.getName()
                + "#" + test + "() was never closed\n");
        assertThat(failure.getMessage().lines().filter(l -> l.startsWith("SG002"))).as("the result only").hasSize(1);
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void a_result_closed_or_read_to_its_end_passes() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(
                selectMethod(CASES, "closesARepositoryStream"), selectMethod(CASES, "closesAQueryForStream"),
                selectMethod(CASES, "closesACursorOrReadsItToItsEnd")).execute();

        assertThat(results.testEvents().failed().stream().map(e -> e.getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().map(Throwable::getMessage).orElse(""))).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3).failed(0));
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }
}
