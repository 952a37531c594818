package dev.sessionguard.report;

import dev.sessionguard.rules.SessionRule;
import dev.sessionguard.rules.Violation;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page: a bar per rule for fixed against left, a sortable table per file and of every
 * violation. No external resources. {@code #sort=TABLE:COLUMN:asc|desc} in the address sorts a table on load.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static String render(AuditReport report) {
        StringBuilder out = new StringBuilder();
        out.append("<header><h1>session-guard audit</h1><p>").append(report.analysedClasses()).append(" classes in <code>")
                .append(esc(String.join(", ", report.paths()))).append("</code>");
        if (report.hasBaseline()) {
            out.append(" &middot; baseline <code>").append(esc(report.baselineFolder().orElse(""))).append("</code>");
        }
        out.append("</p>");
        String verdict = report.hasBaseline()
                ? (report.newCount() == 0 ? "nothing new" : report.newCount() + " new violations")
                : report.violations().size() + " violations";
        verdict(out, verdict, report.hasBaseline() && report.newCount() == 0);
        out.append("</header>\n");
        sections(out, report, "", "h2");
        return page(out);
    }

    /** A reactor: the verdict and a table of the modules, then each module's sections. */
    public static String render(ReactorReport reactor) {
        StringBuilder out = new StringBuilder();
        out.append("<header><h1>session-guard audit</h1><p>reactor <code>").append(esc(reactor.root())).append("</code>: ")
                .append(reactor.modules().size()).append(" modules, ").append(reactor.analysedClasses()).append(" classes");
        if (!reactor.skipped().isEmpty()) {
            out.append(" &middot; skipped: <code>").append(esc(String.join(", ", reactor.skipped())))
                    .append("</code>");
        }
        out.append("</p>");
        verdict(out, reactor.hasBaseline()
                ? (reactor.newCount() == 0 ? "nothing new" : reactor.newCount() + " new violations")
                : reactor.violationCount() + " violations", reactor.hasBaseline() && reactor.newCount() == 0);
        out.append("</header>\n<section><h2>Modules</h2>\n<table id=\"modules\" class=\"sortable\"><thead><tr>")
                .append("<th data-type=\"text\">module</th><th data-type=\"num\">classes</th>")
                .append("<th data-type=\"num\">violations</th><th data-type=\"num\">new</th>");
        for (SessionRule rule : SessionRule.values()) {
            out.append("<th data-type=\"num\">").append(rule.id()).append("</th>");
        }
        out.append("</tr></thead><tbody>\n");
        for (ReactorReport.Module m : reactor.modules()) {
            AuditReport r = m.report();
            out.append("<tr><td><a href=\"#module-").append(esc(m.id())).append("\"><code>").append(esc(m.id()))
                    .append("</code></a></td><td>").append(r.analysedClasses()).append("</td><td>")
                    .append(r.violations().size()).append("</td><td>").append(r.hasBaseline() ? r.newCount() : r.violations().size())
                    .append("</td>");
            r.summaries().forEach(s -> out.append("<td>").append(s.violations()).append("</td>"));
            out.append("</tr>\n");
        }
        out.append("</tbody><tfoot><tr><td>total</td><td>").append(reactor.analysedClasses()).append("</td><td>")
                .append(reactor.violationCount()).append("</td><td>")
                .append(reactor.hasBaseline() ? reactor.newCount() : reactor.violationCount()).append("</td>");
        reactor.totals().forEach(t -> out.append("<td>").append(t.violations()).append("</td>"));
        out.append("</tr></tfoot></table></section>\n");
        int i = 0;
        for (ReactorReport.Module m : reactor.modules()) {
            i++;
            out.append("<section class=\"module\" id=\"module-").append(esc(m.id())).append("\"><h2>module <code>")
                    .append(esc(m.id())).append("</code></h2>");
            m.report().baselineFolder().ifPresent(b -> out.append("<p>baseline <code>").append(esc(b)).append("</code></p>"));
            out.append("</section>\n");
            sections(out, m.report(), "-" + i, "h3");
        }
        return page(out);
    }

    private static void verdict(StringBuilder out, String verdict, boolean ok) {
        out.append("<p id=\"verdict\" class=\"").append(ok ? "ok" : "bad").append("\">").append(esc(verdict)).append("</p>");
    }

    private static String page(StringBuilder body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>session-guard audit</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n" + body
                + "<script>\n" + JS + "</script>\n</body>\n</html>\n";
    }

    private static int fixedOf(AuditReport.RuleSummary s) {
        return Math.max(0, s.frozenTotal() - s.frozen());
    }

    private static int barTotal(AuditReport.RuleSummary s) {
        return fixedOf(s) + s.violations();
    }

    /** The rule bars, the files and the violations of one report; table ids carry the suffix. */
    private static void sections(StringBuilder out, AuditReport report, String suffix, String h) {
        out.append("<section><").append(h).append(">Rules</").append(h).append(">\n<div class=\"bars\" id=\"bars")
                .append(suffix).append("\">\n");
        // one segment per count the other formats give: fixed, still frozen (left), new; together fixed + current
        int max = report.summaries().stream().mapToInt(HtmlReport::barTotal).max().orElse(0);
        for (AuditReport.RuleSummary s : report.summaries()) {
            int fixed = fixedOf(s);
            int left = report.hasBaseline() ? s.frozen() : 0;
            int fresh = report.hasBaseline() ? s.fresh() : s.violations();
            double scale = max == 0 ? 0 : 100.0 / max;
            out.append("<div class=\"bar\" data-rule=\"").append(s.rule().id()).append("\" data-fixed=\"").append(fixed)
                    .append("\" data-left=\"").append(left).append("\" data-new=\"").append(fresh)
                    .append("\"><span class=\"label\"><b>")
                    .append(s.rule().id()).append("</b> ").append(s.rule().ruleName()).append("</span>")
                    .append("<span class=\"track\"><span class=\"fixed\" style=\"width:").append(pct(fixed * scale))
                    .append("%\"></span><span class=\"left\" style=\"width:").append(pct(left * scale))
                    .append("%\"></span><span class=\"fresh\" style=\"width:").append(pct(fresh * scale))
                    .append("%\"></span></span><span class=\"count\">")
                    .append(esc(report.hasBaseline() ? s.status()
                            : s.violations() + (s.violations() == 1 ? " violation" : " violations")))
                    .append("</span></div>\n");
        }
        out.append("</div>\n<p class=\"legend\"><span class=\"fixed sw\"></span> fixed <span class=\"left sw\"></span>"
                + " left (frozen) <span class=\"fresh sw\"></span> new</p>\n");
        out.append("<p>Correct usages: <b>").append(report.census().guardedSessions())
                .append("</b> sessions closed on every path, <b>").append(report.census().dbPackageRawFactoryUses())
                .append("</b> raw factory uses inside the db packages.</p></section>\n");

        out.append("<section><").append(h).append(">Files</").append(h).append(">\n<table id=\"files").append(suffix)
                .append("\" class=\"sortable files\"><thead><tr>")
                .append("<th data-type=\"text\">file</th><th data-type=\"num\">violations</th><th data-type=\"num\">new</th>")
                .append("<th data-type=\"text\">rules</th></tr></thead><tbody>\n");
        for (Map.Entry<String, List<Violation>> f : report.byFile().entrySet()) {
            long fresh = f.getValue().stream().filter(report::isNew).count();
            String rules = f.getValue().stream().map(v -> v.rule().id()).distinct().sorted().reduce((a, b) -> a + " " + b).orElse("");
            out.append("<tr><td><code>").append(esc(f.getKey())).append("</code></td><td>").append(f.getValue().size())
                    .append("</td><td>").append(report.hasBaseline() ? fresh : f.getValue().size()).append("</td><td>")
                    .append(rules).append("</td></tr>\n");
        }
        out.append("</tbody></table></section>\n");

        out.append("<section><").append(h).append(">Violations</").append(h).append(">\n<table id=\"violations").append(suffix)
                .append("\" class=\"sortable violations\"><thead><tr>")
                .append("<th data-type=\"text\">rule</th><th data-type=\"text\">file</th><th data-type=\"num\">line</th>")
                .append("<th data-type=\"text\">member</th><th data-type=\"text\">violation</th><th data-type=\"text\">fix</th>")
                .append("<th data-type=\"text\">state</th></tr></thead><tbody>\n");
        for (Violation v : report.violations()) {
            boolean fresh = report.isNew(v);
            out.append("<tr class=\"").append(fresh ? "new" : "frozen").append("\"><td>").append(v.rule().id())
                    .append("</td><td><code>").append(esc(v.sourcePath())).append("</code></td><td>").append(v.line())
                    .append("</td><td><code>").append(esc(v.member())).append("</code></td><td>").append(esc(v.detail()))
                    .append("</td><td>").append(esc(v.fix())).append("</td><td>").append(fresh ? "new" : "frozen")
                    .append("</td></tr>\n");
        }
        out.append("</tbody></table></section>\n");
        if (!report.fixed().isEmpty()) {
            out.append("<section><").append(h).append(">Fixed, can be removed from the baseline</").append(h).append("><ul>\n");
            report.fixed().forEach((r, keys) -> keys.forEach(k -> out.append("<li><code>").append(esc(k)).append("</code></li>\n")));
            out.append("</ul></section>\n");
        }
        if (!report.warnings().isEmpty()) {
            out.append("<section class=\"warnings\"><").append(h).append(">Not analysed (SG002/SG003 not checked there)</")
                    .append(h).append("><ul>\n");
            report.warnings().forEach(w -> out.append("<li><code>").append(esc(w.location()))
                    .append("</code>: ").append(esc(w.reason())).append("</li>\n"));
            out.append("</ul></section>\n");
        }
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2329;background:#f6f7f9}
            header,section{max-width:1200px;margin:0 auto;padding:12px 24px}
            header{background:#1d2329;color:#fff;max-width:none}
            header h1{margin:8px 0 0;font-size:22px} header code{color:#cfe3ff}
            #verdict{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600}
            #verdict.ok{background:#1f883d} #verdict.bad{background:#cf222e}
            h2{font-size:17px;margin:18px 0 8px}
            .bar{display:grid;grid-template-columns:280px 1fr 260px;gap:12px;align-items:center;margin:6px 0}
            .track{background:#e6e8eb;height:16px;border-radius:8px;overflow:hidden;display:flex}
            .fixed{background:#1f883d;height:100%} .left{background:#e36209;height:100%} .fresh{background:#cf222e;height:100%}
            .legend .sw{display:inline-block;width:12px;height:12px;border-radius:3px;vertical-align:middle;margin-left:10px}
            table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 2px #0002}
            th,td{padding:5px 8px;border-bottom:1px solid #e6e8eb;text-align:left;vertical-align:top}
            th{background:#eef1f4;cursor:pointer;user-select:none;white-space:nowrap}
            th[aria-sort=ascending]::after{content:" \\25B2"} th[aria-sort=descending]::after{content:" \\25BC"}
            tfoot td{font-weight:600;background:#eef1f4} section.module{padding-top:24px} section.module h2{margin-bottom:0}
            tr.new td:last-child{color:#cf222e;font-weight:600} td code{font-size:12px;word-break:break-all}
            table.violations{table-layout:fixed} table.violations td{overflow-wrap:anywhere}
            table.violations th:nth-child(1){width:56px} table.violations th:nth-child(2){width:24%}
            table.violations th:nth-child(3){width:48px} table.violations th:nth-child(4){width:11%}
            table.violations th:nth-child(6){width:20%} table.violations th:nth-child(7){width:58px}
            """;

    private static final String JS = """
            function sortTable(table, col, dir) {
              var th = table.tHead.rows[0].cells[col], num = th.dataset.type === 'num';
              var rows = Array.prototype.slice.call(table.tBodies[0].rows);
              rows.sort(function (a, b) {
                var x = a.cells[col].textContent, y = b.cells[col].textContent;
                var c = num ? (parseFloat(x) - parseFloat(y)) : x.localeCompare(y);
                return dir === 'asc' ? c : -c;
              });
              rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
              Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
              th.setAttribute('aria-sort', dir === 'asc' ? 'ascending' : 'descending');
            }
            document.querySelectorAll('table.sortable').forEach(function (table) {
              Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
                th.addEventListener('click', function () {
                  sortTable(table, col, th.getAttribute('aria-sort') === 'ascending' ? 'desc' : 'asc');
                });
              });
            });
            var m = /#sort=(\\w+):(\\w+):(asc|desc)/.exec(location.hash);
            if (m) {
              var t = document.getElementById(m[1]);
              var names = Array.prototype.map.call(t.tHead.rows[0].cells, function (h) { return h.textContent; });
              sortTable(t, names.indexOf(m[2]), m[3]);
            }
            """;
}
