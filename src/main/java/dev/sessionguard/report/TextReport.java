package dev.sessionguard.report;

import dev.sessionguard.rules.SessionRule;
import dev.sessionguard.rules.Violation;

import java.util.List;
import java.util.Map;

/** The audit table a lead puts in a cleanup plan: per rule the count, per file the violations with line and fix. */
public final class TextReport {
    private TextReport() {
    }

    public static String render(AuditReport report) {
        StringBuilder out = new StringBuilder();
        out.append("session-guard audit of ").append(String.join(", ", report.paths()))
                .append(" (").append(report.analysedClasses()).append(" classes)\n\n");
        out.append(String.format("%-6s %-30s %10s%n", "rule", "name", "violations"));
        for (Map.Entry<SessionRule, Integer> e : report.countByRule().entrySet()) {
            out.append(String.format("%-6s %-30s %10d%n", e.getKey().id(), e.getKey().ruleName(), e.getValue()));
        }
        out.append(String.format("%-6s %-30s %10d%n", "", "total", report.violations().size()));
        Map<String, List<Violation>> files = report.byFile();
        if (!files.isEmpty()) {
            out.append("\n").append(files.size()).append(files.size() == 1 ? " file" : " files").append(" in violation:\n");
        }
        for (Map.Entry<String, List<Violation>> file : files.entrySet()) {
            out.append("\n").append(file.getKey()).append(" (").append(file.getValue().size()).append(")\n");
            for (Violation v : file.getValue()) {
                out.append("  ").append(v.line()).append(": ").append(v.rule().id()).append(" ").append(v.member())
                        .append(" ").append(v.detail()).append("\n");
                out.append("      fix: ").append(v.fix()).append("\n");
            }
        }
        return out.toString();
    }
}
