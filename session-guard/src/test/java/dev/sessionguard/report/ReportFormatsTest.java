package dev.sessionguard.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionguard.rules.Violation;
import dev.sessionguard.testing.SampleAudit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReportFormatsTest {
    private static AuditReport report;

    @BeforeAll
    static void audit(@TempDir Path dir) throws IOException {
        report = SampleAudit.report(dir.resolve("baseline"));
    }

    @Test
    void the_sample_has_new_frozen_and_fixed_violations() {
        assertThat(report.newCount()).isPositive().isLessThan(report.violations().size());
        assertThat(report.fixed()).containsEntry("SG001", java.util.List.of(SampleAudit.FIXED_KEY));
    }

    @Test
    void text_is_the_audit_table_with_progress_files_and_fixes() {
        String text = TextReport.render(report);
        AuditReport.RuleSummary sg001 = report.summaries().get(0);
        assertThat(sg001.progress()).contains("SG001: 1 of " + sg001.frozenTotal() + " fixed, " + (sg001.frozenTotal() - 1) + " left");
        assertThat(text)
                .contains("rule   name                          violations   new  frozen  progress")
                .contains(String.format("SG001  raw-factory-outside-db        %10d %5d %7d  %s", sg001.violations(), sg001.fresh(),
                        sg001.frozen(), sg001.progress().orElseThrow()))
                .contains("dev/sessionguard/fixtures/sg001/hibernate/routes/JarvisApi.java (")
                .contains("  14: SG001 whatsUp calls org.hibernate.SessionFactory.openSession() outside the db packages  [frozen]")
                .contains("      fix: use HibernateDb.getSession() in try-with-resources")
                .contains("[NEW]")
                .contains("fixed, can be removed from the baseline:\n  " + SampleAudit.FIXED_KEY)
                .contains("correct usages: ")
                .contains(report.newCount() + " new violations");
    }

    @Test
    void markdown_has_a_summary_table_and_a_table_per_file() {
        String md = MarkdownReport.render(report);
        assertThat(md).startsWith("## session-guard audit\n")
                .contains("| rule | name | violations | new | frozen | progress |")
                .contains("| SG001 | raw-factory-outside-db | ")
                .contains("### `dev/sessionguard/fixtures/sg002/Leaks.java` (")
                .contains("| 14 | SG001 | `whatsUp` | calls org.hibernate.SessionFactory.openSession() outside the db packages |")
                .contains(" **new** |")
                .contains("### Fixed, can be removed from the baseline");
    }

    @Test
    void json_carries_every_violation_with_its_state() throws IOException {
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(report));
        assertThat(json.get("tool").asText()).isEqualTo("session-guard");
        assertThat(json.get("rules")).hasSize(4);
        assertThat(json.get("rules").get(0).get("id").asText()).isEqualTo("SG001");
        assertThat(json.get("violations")).hasSize(report.violations().size());
        JsonNode first = json.get("violations").get(0);
        Violation v = report.violations().get(0);
        assertThat(first.get("rule").asText()).isEqualTo(v.rule().id());
        assertThat(first.get("file").asText()).isEqualTo(v.sourcePath());
        assertThat(first.get("line").asInt()).isEqualTo(v.line());
        assertThat(first.get("message").asText()).isEqualTo(v.message());
        long fresh = 0;
        for (JsonNode n : json.get("violations")) {
            fresh += n.get("state").asText().equals("new") ? 1 : 0;
        }
        assertThat(fresh).isEqualTo(report.newCount());
        assertThat(json.get("fixed").get("SG001").get(0).asText()).isEqualTo(SampleAudit.FIXED_KEY);
        assertThat(json.get("correctUsages").get("sessionsClosedOnEveryPath").asInt()).isEqualTo(report.census().guardedSessions());
    }

    @Test
    void every_format_is_deterministic() {
        for (ReportFormat f : ReportFormat.values()) {
            assertThat(f.render(report)).as(f.name()).isEqualTo(f.render(report));
        }
    }

    /** One audit, every format: per rule the same counts and the same words for its baseline status. */
    @Test
    void every_format_gives_each_rule_the_same_numbers_and_the_same_baseline_status() throws IOException {
        String text = TextReport.render(report);
        String md = MarkdownReport.render(report);
        String html = HtmlReport.render(report);
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(report));
        assertThat(report.summaries()).as("the sample has a frozen rule with new violations and a rule not frozen")
                .anyMatch(s -> s.frozenTotal() > 0 && s.fresh() > 0).anyMatch(s -> s.frozenTotal() == 0 && s.violations() > 0);
        for (AuditReport.RuleSummary s : report.summaries()) {
            String id = s.rule().id();
            String status = s.status();
            assertThat(status).startsWith(id + ": ").endsWith(", " + s.fresh() + " new");
            assertThat(text).contains(String.format("%-6s %-29s %10d %5d %7d  %s%n", id, s.rule().ruleName(), s.violations(),
                    s.fresh(), s.frozen(), status));
            assertThat(md).contains("| " + id + " | " + s.rule().ruleName() + " | " + s.violations() + " | " + s.fresh()
                    + " | " + s.frozen() + " | " + status + " |");
            JsonNode rule = null;
            for (JsonNode r : json.get("rules")) {
                rule = r.get("id").asText().equals(id) ? r : rule;
            }
            assertThat(rule).isNotNull();
            assertThat(rule.get("violations").asInt()).isEqualTo(s.violations());
            assertThat(rule.get("new").asInt()).isEqualTo(s.fresh());
            assertThat(rule.get("frozen").asInt()).isEqualTo(s.frozen());
            assertThat(rule.get("status").asText()).isEqualTo(status);
            int fixed = Math.max(0, s.frozenTotal() - s.frozen());
            assertThat(html).as("the bar: fixed, left (still frozen) and new, which add up to fixed plus current")
                    .contains("data-rule=\"" + id + "\" data-fixed=\"" + fixed + "\" data-left=\"" + s.frozen()
                            + "\" data-new=\"" + s.fresh() + "\"")
                    .contains("<b>" + id + "</b> " + s.rule().ruleName() + "</span>")
                    .containsPattern(java.util.regex.Pattern.quote("data-rule=\"" + id + "\"") + "[^\n]*<span class=\"count\">"
                            + java.util.regex.Pattern.quote(status) + "</span>");
        }
    }
}
