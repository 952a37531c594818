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
                        .append(s.status()).append(" |");
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
        if (!report.warnings().isEmpty()) {
            out.append("\n### Not analysed (SG002/SG003 not checked there)\n\n");
            report.warnings().forEach(w -> out.append("- `").append(cell(w.location())).append("`: ")
                    .append(cell(w.reason())).append('\n'));
        }
        return out.toString();
    }

    /** A reactor: the totals per rule and the modules, then each module's report one heading level down. */
    public static String render(ReactorReport reactor) {
        StringBuilder out = new StringBuilder("## session-guard audit\n\n");
        out.append("Reactor `").append(cell(reactor.root())).append("`: ").append(reactor.modules().size())
                .append(" modules, ").append(reactor.analysedClasses()).append(" classes");
        if (reactor.hasBaseline()) {
            out.append(reactor.newCount() == 0 ? ": **nothing new**" : ": **" + reactor.newCount() + " new**");
        }
        if (!reactor.skipped().isEmpty()) {
            out.append(". Skipped: ").append(cell(String.join(", ", reactor.skipped())));
        }
        out.append("\n\n| rule | name | violations | new | frozen |\n|---|---|---:|---:|---:|\n");
        for (ReactorReport.Total t : reactor.totals()) {
            out.append("| ").append(t.rule().id()).append(" | ").append(t.rule().ruleName()).append(" | ").append(t.violations())
                    .append(" | ").append(t.fresh()).append(" | ").append(t.frozen()).append(" |\n");
        }
        out.append("\n| module | classes | violations | new |\n|---|---:|---:|---:|\n");
        for (ReactorReport.Module m : reactor.modules()) {
            out.append("| `").append(cell(m.id())).append("` | ").append(m.report().analysedClasses()).append(" | ")
                    .append(m.report().violations().size()).append(" | ").append(m.report().newCount()).append(" |\n");
        }
        for (ReactorReport.Module m : reactor.modules()) {
            String module = render(m.report()).replaceFirst("^## session-guard audit\n\n", "").replace("\n### ", "\n#### ");
            out.append("\n### Module `").append(cell(m.id())).append("`\n\n").append(module);
        }
        return out.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
