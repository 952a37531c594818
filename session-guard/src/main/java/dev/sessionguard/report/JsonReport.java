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
        root.put("rules", rules(report));
        List<Object> violations = new ArrayList<>();
        report.violations().forEach(v -> violations.add(violation(report, v, null)));
        root.put("violations", violations);
        root.put("fixed", new LinkedHashMap<>(report.fixed()));
        root.put("correctUsages", usages(report));
        List<Object> warnings = new ArrayList<>();
        report.warnings().forEach(w -> warnings.add(Json.obj("location", w.location(), "reason", w.reason())));
        root.put("warnings", warnings);
        return Json.write(root);
    }

    /** A reactor: the modules with their summaries, every violation and warning with its {@code module}, the totals. */
    public static String render(ReactorReport reactor) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "session-guard");
        root.put("reactor", reactor.root());
        root.put("classes", reactor.analysedClasses());
        List<Object> modules = new ArrayList<>();
        List<Object> violations = new ArrayList<>();
        List<Object> warnings = new ArrayList<>();
        for (ReactorReport.Module m : reactor.modules()) {
            AuditReport report = m.report();
            Map<String, Object> module = new LinkedHashMap<>();
            module.put("module", m.id());
            module.put("classes", report.analysedClasses());
            module.put("baseline", report.baselineFolder().orElse(null));
            module.put("rules", rules(report));
            module.put("fixed", new LinkedHashMap<>(report.fixed()));
            module.put("correctUsages", usages(report));
            modules.add(module);
            report.violations().forEach(v -> violations.add(violation(report, v, m.id())));
            report.warnings().forEach(w -> warnings.add(Json.obj("module", m.id(),
                    "location", w.location(), "reason", w.reason())));
        }
        root.put("modules", modules);
        root.put("skipped", reactor.skipped());
        List<Object> totals = new ArrayList<>();
        reactor.totals().forEach(t -> totals.add(Json.obj("id", t.rule().id(), "violations", t.violations(),
                "new", t.fresh(), "frozen", t.frozen())));
        root.put("totals", totals);
        root.put("violations", violations);
        root.put("warnings", warnings);
        return Json.write(root);
    }

    private static List<Object> rules(AuditReport report) {
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
            if (report.hasBaseline()) {
                r.put("status", s.status());
            }
            rules.add(r);
        }
        return rules;
    }

    private static Map<String, Object> violation(AuditReport report, Violation v, String module) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (module != null) {
            m.put("module", module);
        }
        m.put("rule", v.rule().id());
        m.put("class", v.className());
        m.put("member", v.member());
        m.put("target", v.target());
        m.put("file", v.sourcePath());
        m.put("line", v.line());
        m.put("message", v.message());
        m.put("fix", v.fix());
        m.put("state", report.isNew(v) ? "new" : "frozen");
        return m;
    }

    private static Map<String, Object> usages(AuditReport report) {
        Map<String, Object> usages = new LinkedHashMap<>();
        usages.put("sessionsClosedOnEveryPath", report.census().guardedSessions());
        usages.put("rawFactoryUsesInDbPackages", report.census().dbPackageRawFactoryUses());
        return usages;
    }
}
