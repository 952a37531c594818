package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.sessionguard.cli.SessionGuardCli;
import dev.sessionguard.flow.FlowAnalysis;
import dev.sessionguard.flow.FlowWarning;
import dev.sessionguard.policy.Preset;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The reactive presets (Hibernate Reactive with Mutiny and with CompletionStage, R2DBC with Reactor and r2dbc-pool, the
 * Vert.x SQL client), over their real types: a session from the raw opener is the pipeline's to close.
 */
class ReactiveSessionsTest {
    private static final String REACTIVE = "dev.sessionguard.fixtures.reactive";

    private final JavaClasses classes = new ClassFileImporter().importPackages(REACTIVE);

    private List<Violation> violations(SessionRule rule, SessionPolicy policy) {
        return FlowRulesTest.violations(rule, policy, classes);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SessionRule.class, names = {"SG002", "SG003", "SG004"})
    void each_flow_rule_reports_exactly_the_marked_lines(SessionRule rule) {
        Fixtures.assertReportsExactlyTheMarkedLines(violations(rule, SessionPolicy.defaults()), rule, REACTIVE);
    }

    @Test
    void the_leaking_r2dbc_pipeline_is_reported_at_the_create_line_with_the_scoped_door_as_fix() {
        assertThat(violations(SessionRule.SG002, SessionPolicy.defaults()))
                .filteredOn(v -> v.location().equals(REACTIVE + ".R2dbcPipelines#leaks"))
                .extracting(Violation::message).containsExactly("SG002 " + REACTIVE + ".R2dbcPipelines#leaks opens a"
                        + " session with ConnectionFactory.create() that is used by flatMap() at line 22 and never closed"
                        + " (R2dbcPipelines.java:21); fix: scope the connection: Mono.usingWhen(connectionFactory.create(),"
                        + " connection -> ..., Connection::close) (or use Spring's DatabaseClient)");
    }

    @Test
    void the_fix_names_each_presets_door() {
        assertThat(violations(SessionRule.SG002, SessionPolicy.defaults()))
                .filteredOn(v -> v.location().equals(REACTIVE + ".MutinySessions#leaks")
                        || v.location().equals(REACTIVE + ".VertxConnections#leaks"))
                .extracting(Violation::fix).containsExactlyInAnyOrder(
                        Preset.HIBERNATE_REACTIVE.pipelineFix().orElseThrow(), Preset.VERTX_SQL.pipelineFix().orElseThrow());
    }

    @Test
    void the_raw_factories_are_sg001_outside_the_db_packages() {
        assertThat(violations(SessionRule.SG001, SessionPolicy.defaults())).extracting(Violation::location)
                .anyMatch(l -> l.startsWith(REACTIVE + ".R2dbcPipelines"))
                .anyMatch(l -> l.startsWith(REACTIVE + ".MutinySessions"))
                .anyMatch(l -> l.startsWith(REACTIVE + ".StageSessions"))
                .anyMatch(l -> l.startsWith(REACTIVE + ".VertxConnections"))
                .noneMatch(l -> l.startsWith(REACTIVE + ".db."));
    }

    @Test
    void a_reactive_preset_left_out_reports_nothing_of_its_own() {
        SessionPolicy withoutR2dbc = SessionPolicy.builder().presets(Preset.HIBERNATE_REACTIVE, Preset.VERTX_SQL).build();
        assertThat(violations(SessionRule.SG002, withoutR2dbc)).extracting(Violation::location)
                .noneMatch(l -> l.contains("R2dbcPipelines"))
                .contains(REACTIVE + ".MutinySessions#leaks", REACTIVE + ".VertxConnections#leaks");
        assertThat(violations(SessionRule.SG001, withoutR2dbc)).extracting(Violation::location)
                .noneMatch(l -> l.contains("R2dbcPipelines"));
    }

    @Test
    void an_operator_the_analysis_does_not_know_is_a_warning_naming_the_method_and_the_reason() {
        List<FlowWarning> warnings = new FlowAnalysis(SessionPolicy.defaults(), classes.stream().toList())
                .of(classes.get(REACTIVE + ".R2dbcPipelines")).warnings();
        assertThat(warnings).extracting(FlowWarning::message).containsExactly("session-guard: warning: " + REACTIVE
                + ".R2dbcPipelines#anUnknownOperator could not be analysed (the session of ConnectionFactory.create() at"
                + " line 100 is not followed: Mono.transform() at line 101 receives it (an operator the analysis does not"
                + " know)); SG002/SG003 are not checked there");
        assertThat(violations(SessionRule.SG002, SessionPolicy.defaults())).extracting(Violation::location)
                .doesNotContain(REACTIVE + ".R2dbcPipelines#anUnknownOperator");
    }

    @Test
    void a_configured_result_may_return_a_reactive_type() {
        // a String is no result (SessionResultsTest); a Uni of a session is one
        SessionPolicy reactive = SessionPolicy.builder().sessionResults(REACTIVE + ".db.ReactiveDb#session").build();
        assertThatCode(() -> violations(SessionRule.SG002, reactive)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text", "markdown", "json", "sarif", "html"})
    void the_warning_is_in_every_report_format(String format) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SessionGuardCli.run(new String[] {"audit", "--format", format,
                Path.of("target/test-classes/dev/sessionguard/fixtures/reactive").toAbsolutePath().toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("anUnknownOperator").contains("Mono.transform() at line 101 receives it")
                .contains("R2dbcPipelines.java");
    }
}
