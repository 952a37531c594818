package dev.sessionguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.sessionguard.fixtures.runtime.JdbcCases;
import dev.sessionguard.fixtures.runtime.UnannotatedCases;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** JUnit's extension auto-detection puts the check on every test class; declared as well, it counts once. */
class EveryTestClassTest {

    private static EngineExecutionResults run(boolean autodetection, Class<?> cases, String test) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", String.valueOf(autodetection))
                .selectors(selectMethod(cases, test)).execute();
    }

    @Test
    void without_the_switch_a_class_without_the_annotation_is_not_checked() {
        run(false, UnannotatedCases.class, "leaks").testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void with_auto_detection_a_class_without_the_annotation_is_checked() throws IOException {
        EngineExecutionResults results = run(true, UnannotatedCases.class, "leaks");

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertThat(message(results)).startsWith("SG002 runtime: java.sql.Connection opened at "
                + UnannotatedCases.class.getName() + "#leaks(UnannotatedCases.java:"
                + SessionLeakCheckTest.line(UnannotatedCases.class, "// opens") + ") during "
                + UnannotatedCases.class.getName() + "#leaks() was never closed");
    }

    @Test
    void with_auto_detection_an_annotated_class_is_checked_once() {
        EngineExecutionResults results = run(true, JdbcCases.class, "leaks");

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertThat(message(results).lines().filter(l -> l.startsWith("SG002"))).hasSize(1);
        results.containerEvents().assertStatistics(s -> s.failed(0));
        run(true, JdbcCases.class, "closes").allEvents().assertStatistics(s -> s.failed(0));
    }

    private static String message(EngineExecutionResults results) {
        return results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage();
    }
}
