package dev.sessionguard.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sessionguard.rules.Violation;
import dev.sessionguard.testing.SampleAudit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** SARIF 2.1.0, validated against the schema kept in src/test/resources/sarif. */
class SarifReportTest {
    private static AuditReport report;
    private static JsonNode sarif;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void audit(@TempDir Path dir) throws IOException {
        report = SampleAudit.report(dir.resolve("baseline"));
        sarif = JSON.readTree(SarifReport.render(report));
    }

    private static Set<ValidationMessage> validate(JsonNode document) throws IOException {
        try (InputStream schema = SarifReportTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
            JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
            return s.validate(document);
        }
    }

    @Test
    void the_report_is_valid_sarif_2_1_0() throws IOException {
        assertThat(validate(sarif)).isEmpty();
    }

    /** A method the analysis could not read is a warning in every format: never a quietly smaller count. */
    @Test
    void a_method_that_was_not_analysed_is_a_warning_in_every_format() throws IOException {
        dev.sessionguard.flow.FlowWarning warning = new dev.sessionguard.flow.FlowWarning("com.acme.Big", "huge",
                "too complex: more than 200,000 path states");
        dev.sessionguard.rules.UsageCensus census = new dev.sessionguard.rules.UsageCensus(java.util.Map.of(), 0,
                java.util.List.of(warning));
        AuditReport warned = new AuditReport(report.paths(), report.analysedClasses(), report.violations(),
                BaselineComparison.compare(report.violations(), java.util.Map.of()), null, census);

        JsonNode withWarning = JSON.readTree(SarifReport.render(warned));
        assertThat(validate(withWarning)).isEmpty();
        JsonNode notification = withWarning.at("/runs/0/invocations/0/toolExecutionNotifications/0");
        assertThat(notification.at("/level").asText()).isEqualTo("warning");
        assertThat(notification.at("/message/text").asText()).isEqualTo("not analysed (SG002/SG003 not checked there):"
                + " com.acme.Big#huge: too complex: more than 200,000 path states");
        assertThat(MarkdownReport.render(warned)).contains("### Not analysed (SG002/SG003 not checked there)\n\n"
                + "- `com.acme.Big#huge`: too complex: more than 200,000 path states\n");
        assertThat(HtmlReport.render(warned)).contains("<li><code>com.acme.Big#huge</code>: too complex: more than 200,000"
                + " path states</li>");
        assertThat(TextReport.render(warned)).contains("  com.acme.Big#huge: too complex: more than 200,000 path states\n");
        assertThat(JsonReport.render(warned)).contains("\"location\": \"com.acme.Big#huge\"");
        assertThat(sarif.at("/runs/0/invocations/0/toolExecutionNotifications").size()).isZero();
    }

    @Test
    void the_validation_can_fail() throws IOException {
        JsonNode broken = sarif.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("runs").get(0).get("results").get(0))
                .put("level", "catastrophic");
        assertThat(validate(broken)).isNotEmpty();
    }

    @Test
    void the_driver_names_the_tool_and_the_four_rules() {
        JsonNode driver = sarif.get("runs").get(0).get("tool").get("driver");
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(driver.get("name").asText()).isEqualTo("session-guard");
        assertThat(driver.get("rules").findValuesAsText("id")).containsExactly("SG001", "SG002", "SG003", "SG004");
    }

    @Test
    void each_result_has_rule_level_message_location_logical_location_and_baseline_state() {
        JsonNode results = sarif.get("runs").get(0).get("results");
        assertThat(results).hasSize(report.violations().size());
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            Violation v = report.violations().get(i);
            assertThat(r.get("ruleId").asText()).isEqualTo(v.rule().id());
            assertThat(r.get("level").asText()).isEqualTo("error");
            assertThat(r.get("message").get("text").asText()).isEqualTo(v.message());
            JsonNode location = r.get("locations").get(0);
            assertThat(location.get("physicalLocation").get("artifactLocation").get("uri").asText()).isEqualTo(v.sourcePath());
            if (v.line() > 0) {
                assertThat(location.get("physicalLocation").get("region").get("startLine").asInt()).isEqualTo(v.line());
            }
            assertThat(location.get("logicalLocations").get(0).get("fullyQualifiedName").asText()).isEqualTo(v.location());
            assertThat(r.get("baselineState").asText()).isEqualTo(report.isNew(v) ? "new" : "unchanged");
        }
        assertThat(results.findValuesAsText("uri")).contains("dev/sessionguard/fixtures/sg001/hibernate/routes/JarvisApi.java");
        assertThat(results.findValuesAsText("fullyQualifiedName"))
                .contains("dev.sessionguard.fixtures.sg001.hibernate.routes.JarvisApi#whatsUp");
    }

    /** A single Maven module: URIs as the repository has them, SRCROOT the module root, as code scanning needs. */
    @Test
    void the_uris_of_a_single_module_are_relative_to_its_root_which_is_srcroot(@TempDir Path module) throws IOException {
        java.nio.file.Files.writeString(module.resolve("pom.xml"), "<project/>");
        java.nio.file.Files.createDirectories(module.resolve("src/main/java"));
        for (String audited : java.util.List.of(module.toString(), module.resolve("target/classes").toString())) {
            java.nio.file.Files.createDirectories(module.resolve("target/classes"));
            AuditReport ofModule = new AuditReport(java.util.List.of(audited), report.analysedClasses(), report.violations(),
                    BaselineComparison.compare(report.violations(), java.util.Map.of()), null, report.census());
            JsonNode document = JSON.readTree(SarifReport.render(ofModule));
            assertThat(validate(document)).isEmpty();
            assertThat(document.at("/runs/0/results").findValuesAsText("uri")).isNotEmpty()
                    .allSatisfy(uri -> assertThat(uri).startsWith("src/main/java/dev/sessionguard/fixtures/"))
                    .contains("src/main/java/dev/sessionguard/fixtures/sg001/hibernate/routes/JarvisApi.java");
            assertThat(document.at("/runs/0/results").findValuesAsText("uriBaseId")).containsOnly("SRCROOT");
            assertThat(document.at("/runs/0/originalUriBaseIds/SRCROOT/uri").asText())
                    .isEqualTo(module.toUri().toString()).endsWith("/");
        }
    }
}
