package dev.sessionguard.flow;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.sessionguard.policy.SessionPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sources and closers are inferred from the analysed code, transitively, and only where they hold on all paths. */
class FlowInferenceTest {
    private static final String F = "dev.sessionguard.fixtures.";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .importPackages(F + "flow", F + "clean", F + "twr");
    /** Built per test, not shared: a mutation tester runs each test on its own against changed analysis code. */
    private final FlowAnalysis flow = new FlowAnalysis(SessionPolicy.defaults(), CLASSES);

    @Test
    void wrappers_returning_a_fresh_session_on_all_paths_are_sources_transitively() {
        assertThat(flow.inferredSources()).contains(
                F + "flow.db.FlowDb#getSession",
                F + "flow.db.FlowDb#session",
                F + "flow.db.FlowDb#entityManager",
                F + "flow.db.FlowDb#connection",
                F + "flow.db.FlowDb#sqlSession",
                F + "clean.Correct#returnedToTheCaller",
                F + "clean.BridgeAndSynthetic#get");
    }

    @Test
    void container_managed_and_cached_sessions_are_not_sources() {
        assertThat(flow.inferredSources()).doesNotContain(F + "flow.db.FlowDb#current");
    }

    @Test
    void methods_closing_a_parameter_on_all_paths_are_closers() {
        assertThat(flow.inferredClosers()).contains(
                F + "flow.db.FlowDb#closeQuietly",
                F + "twr.Javac9CloseResourceShape#$closeResource");
        assertThat(flow.inferredClosers()).as("release() skips close() when isOpen() is false: it takes configuration")
                .doesNotContain(F + "flow.db.FlowDb#maybeClose", F + "flow.db.FlowDb#release");
    }

    @Test
    void nothing_in_the_clean_fixtures_needs_a_warning() {
        CLASSES.forEach(flow::of);
        assertThat(flow.warnings()).isEmpty();
    }
}
