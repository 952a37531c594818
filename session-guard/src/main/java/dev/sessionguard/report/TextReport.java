package dev.sessionguard.report;

import dev.sessionguard.rules.Violation;

import java.util.List;
import java.util.Map;

/** The audit table a lead puts in a cleanup plan: per rule the counts and progress, per file the violations. */
public final class TextReport {
    private TextReport() {
    }

    public static String render(AuditReport report) {
        StringBuilder out = new StringBuilder();
        out.append("session-guard audit of ").append(String.join(", ", report.paths()))
                .append(" (").append(report.analysedClasses()).append(" classes)\n");
        report.baselineFolder().ifPresent(b -> out.append("baseline: ").append(b).append('\n'));
        out.append('\n');
        boolean baseline = report.hasBaseline();
        out.append(String.format("%-6s %-29s %10s", "rule", "name", "violations"));
        out.append(baseline ? String.format(" %5s %7s  %s%n", "new", "frozen", "progress") : "\n");
        int total = 0;
        for (AuditReport.RuleSummary s : report.summaries()) {
            total += s.violations();
            out.append(String.format("%-6s %-29s %10d", s.rule().id(), s.rule().ruleName(), s.violations()));
            out.append(baseline ? String.format(" %5d %7d  %s%n", s.fresh(), s.frozen(), s.status())
                    : "\n");
        }
        out.append(String.format("%-6s %-29s %10d", "", "total", total));
        out.append(baseline ? String.format(" %5d %7d%n", report.newCount(), total - report.newCount()) : "\n");
        out.append("\ncorrect usages: ").append(report.census().guardedSessions())
                .append(" sessions closed on every path (try-with-resources or finally), ")
                .append(report.census().dbPackageRawFactoryUses()).append(" raw factory uses inside the db packages\n");

        Map<String, List<Violation>> files = report.byFile();
        if (!files.isEmpty()) {
            out.append('\n').append(files.size()).append(files.size() == 1 ? " file" : " files").append(" in violation:\n");
        }
        for (Map.Entry<String, List<Violation>> file : files.entrySet()) {
            out.append('\n').append(file.getKey()).append(" (").append(file.getValue().size()).append(")\n");
            for (Violation v : file.getValue()) {
                out.append("  ").append(v.line()).append(": ").append(v.rule().id()).append(' ').append(v.member())
                        .append(' ').append(v.detail());
                if (baseline) {
                    out.append(report.isNew(v) ? "  [NEW]" : "  [frozen]");
                }
                out.append("\n      fix: ").append(v.fix()).append('\n');
            }
        }
        if (!report.fixed().isEmpty()) {
            out.append("\nfixed, can be removed from the baseline:\n");
            report.fixed().forEach((rule, keys) -> keys.forEach(k -> out.append("  ").append(k).append('\n')));
        }
        if (!report.warnings().isEmpty()) {
            out.append("\nnot analysed (SG002/SG003 not checked there):\n");
            for (AuditReport.Warning w : report.warnings()) {
                out.append("  ").append(w.location()).append(": ").append(w.reason()).append('\n');
            }
        }
        if (baseline) {
            out.append('\n').append(report.newCount() == 0 ? "nothing new" : report.newCount() + " new violations").append('\n');
        }
        return out.toString();
    }

    /** A reactor: each module's audit, then the totals per rule and per module. */
    public static String render(ReactorReport reactor) {
        StringBuilder out = new StringBuilder();
        out.append("session-guard audit of reactor ").append(reactor.root()).append(" (").append(reactor.modules().size())
                .append(reactor.modules().size() == 1 ? " module, " : " modules, ").append(reactor.analysedClasses())
                .append(" classes)\n");
        if (!reactor.skipped().isEmpty()) {
            out.append("skipped: ").append(String.join(", ", reactor.skipped())).append('\n');
        }
        for (ReactorReport.Module m : reactor.modules()) {
            out.append("\n== module ").append(m.id()).append(" ==\n").append(render(m.report()));
        }
        out.append("\n== total ==\n");
        out.append(String.format("%-6s %-29s %10s %5s %7s%n", "rule", "name", "violations", "new", "frozen"));
        for (ReactorReport.Total t : reactor.totals()) {
            out.append(String.format("%-6s %-29s %10d %5d %7d%n", t.rule().id(), t.rule().ruleName(), t.violations(),
                    t.fresh(), t.frozen()));
        }
        out.append(String.format("%-6s %-29s %10d %5d %7d%n", "", "total", reactor.violationCount(), reactor.newCount(),
                reactor.violationCount() - reactor.newCount()));
        out.append('\n');
        for (ReactorReport.Module m : reactor.modules()) {
            out.append(String.format("  %-40s %5d violations, %d new%n", m.id(), m.report().violations().size(),
                    m.report().newCount()));
        }
        out.append('\n').append(reactor.newCount() == 0 ? "nothing new" : reactor.newCount() + " new violations").append('\n');
        return out.toString();
    }
}
