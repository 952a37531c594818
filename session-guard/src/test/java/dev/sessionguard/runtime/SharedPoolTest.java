package dev.sessionguard.runtime;

import dev.sessionguard.fixtures.runtime.SharedPoolCases;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/** Whose work opened a session: a shared pool's task is the submitting test's, and the opener is the wrapper's caller. */
class SharedPoolTest {
    private static String failure(Event e) {
        return e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage();
    }

    @Test
    void a_task_on_a_shared_pool_thread_is_blamed_on_the_test_that_submitted_it() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .selectors(selectMethod(SharedPoolCases.Creates.class, "createsThePoolThreadAndClosesItsSession"),
                        selectMethod(SharedPoolCases.Leaks.class, "submitsTheTaskThatLeaks"))
                .execute();

        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).as("only the test whose task leaked fails").hasSize(1);
        assertThat(failed.get(0).getTestDescriptor().getDisplayName()).isEqualTo("submitsTheTaskThatLeaks()");
        assertThat(failure(failed.get(0))).startsWith("SG002 runtime: org.hibernate.Session opened at "
                + SharedPoolCases.Leaks.class.getName() + "#lambda$submitsTheTaskThatLeaks$")
                .contains(" during " + SharedPoolCases.Leaks.class.getName() + "#submitsTheTaskThatLeaks() was never closed");
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
    }

    @Test
    void the_opener_is_the_caller_of_the_configured_source_not_the_source() throws IOException {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(SharedPoolCases.Leaks.class, "leaksThroughTheConfiguredSource")).execute();
        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).hasSize(1);
        assertThat(failure(failed.get(0))).startsWith("SG002 runtime: org.hibernate.Session opened at "
                + SharedPoolCases.Leaks.class.getName() + "#leaksThroughTheConfiguredSource(SharedPoolCases.java:"
                + SessionLeakCheckTest.line(SharedPoolCases.class, "// opens through the wrapper") + ") during ");
    }

    /** Without the wrapper, the pool thread's creator has ended: the task is the running test's, not the class's. */
    @Test
    void a_task_on_a_pool_thread_whose_creator_has_ended_is_the_running_tests() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(SharedPoolCases.Unwrapped.class))
                .execute();
        results.containerEvents().assertStatistics(s -> s.failed(0));
        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).getTestDescriptor().getDisplayName()).isEqualTo("submitsTheTaskThatLeaks()");
        assertThat(failure(failed.get(0))).contains(" during " + SharedPoolCases.Unwrapped.class.getName()
                + "#submitsTheTaskThatLeaks() was never closed");
    }
}
