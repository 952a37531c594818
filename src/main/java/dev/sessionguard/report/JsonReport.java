package dev.sessionguard.report;

import dev.sessionguard.rules.Violation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON for scripts: summary per rule, every violation with its baseline state, fixed entries, correct usages. */
public final class JsonReport {
    private JsonReport() {
    }

    public static String render(AuditReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "session-guard");
        root.put("paths", report.paths());
        root.put("classes", report.analysedClasses());
        root.put("baseline", report.baselineFolder().orElse(null));
        List<Object> rules = new ArrayList<>();
        for (AuditReport.RuleSummary s : report.summaries()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", s.rule().id());
            r.put("name", s.rule().ruleName());
            r.put("violations", s.violations());
            r.put("new", s.fresh());
            r.put("frozen", s.frozen());
            r.put("fixed", s.fixed());
            r.put("frozenTotal", s.frozenTotal());
            r.put("filesLeft", s.filesLeft());
            rules.add(r);
        }
        root.put("rules", rules);
        List<Object> violations = new ArrayList<>();
        for (Violation v : report.violations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", v.rule().id());
            m.put("class", v.className());
            m.put("member", v.member());
            m.put("target", v.target());
            m.put("file", v.sourcePath());
            m.put("line", v.line());
            m.put("message", v.message());
            m.put("fix", v.fix());
            m.put("state", report.isNew(v) ? "new" : "frozen");
            violations.add(m);
        }
        root.put("violations", violations);
        root.put("fixed", new LinkedHashMap<>(report.fixed()));
        Map<String, Object> usages = new LinkedHashMap<>();
        usages.put("sessionsClosedOnEveryPath", report.census().guardedSessions());
        usages.put("rawFactoryUsesInDbPackages", report.census().dbPackageRawFactoryUses());
        root.put("correctUsages", usages);
        List<Object> warnings = new ArrayList<>();
        report.warnings().forEach(w -> warnings.add(Json.obj("location", w.className() + "#" + w.member(), "reason", w.reason())));
        root.put("warnings", warnings);
        return Json.write(root);
    }
}
