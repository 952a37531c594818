package dev.sessionguard.report;

import dev.sessionguard.rules.Violation;

import java.util.List;
import java.util.Map;

/** Markdown for pull-request comments: a summary table per rule, then a table per file. */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(AuditReport report) {
        StringBuilder out = new StringBuilder("## session-guard audit\n\n");
        out.append(report.analysedClasses()).append(" classes in ").append(cell(String.join(", ", report.paths())));
        if (report.hasBaseline()) {
            out.append(", baseline `").append(report.baselineFolder().orElse("")).append('`')
                    .append(report.newCount() == 0 ? ": **nothing new**" : ": **" + report.newCount() + " new**");
        }
        out.append("\n\n| rule | name | violations |").append(report.hasBaseline() ? " new | frozen | progress |\n" : "\n");
        out.append("|---|---|---:|").append(report.hasBaseline() ? "---:|---:|---|\n" : "\n");
        for (AuditReport.RuleSummary s : report.summaries()) {
            out.append("| ").append(s.rule().id()).append(" | ").append(s.rule().ruleName()).append(" | ").append(s.violations()).append(" |");
            if (report.hasBaseline()) {
                out.append(' ').append(s.fresh()).append(" | ").append(s.frozen()).append(" | ")
                        .append(s.progress().orElse("not frozen")).append(" |");
            }
            out.append('\n');
        }
        out.append("\nCorrect usages: ").append(report.census().guardedSessions())
                .append(" sessions closed on every path, ").append(report.census().dbPackageRawFactoryUses())
                .append(" raw factory uses inside the db packages.\n");
        for (Map.Entry<String, List<Violation>> file : report.byFile().entrySet()) {
            out.append("\n### `").append(file.getKey()).append("` (").append(file.getValue().size()).append(")\n\n");
            out.append("| line | rule | member | violation | fix |").append(report.hasBaseline() ? " state |\n" : "\n");
            out.append("|---:|---|---|---|---|").append(report.hasBaseline() ? "---|\n" : "\n");
            for (Violation v : file.getValue()) {
                out.append("| ").append(v.line()).append(" | ").append(v.rule().id()).append(" | `").append(cell(v.member()))
                        .append("` | ").append(cell(v.detail())).append(" | ").append(cell(v.fix())).append(" |");
                if (report.hasBaseline()) {
                    out.append(report.isNew(v) ? " **new** |" : " frozen |");
                }
                out.append('\n');
            }
        }
        if (!report.fixed().isEmpty()) {
            out.append("\n### Fixed, can be removed from the baseline\n\n");
            report.fixed().forEach((rule, keys) -> keys.forEach(k -> out.append("- ").append(cell(k)).append('\n')));
        }
        return out.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
