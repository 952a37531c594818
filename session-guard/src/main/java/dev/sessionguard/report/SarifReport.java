package dev.sessionguard.report;

import dev.sessionguard.baseline.BaselineKey;
import dev.sessionguard.rules.SessionRule;
import dev.sessionguard.rules.Violation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SARIF 2.1.0 for code-scanning services: one run, the four rules, a result per violation. */
public final class SarifReport {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifReport() {
    }

    /**
     * One module: result URIs relative to the module root ({@code src/main/java/com/acme/A.java}), which is
     * {@code SRCROOT}; an audit of a classes folder or jar outside a module gives them relative to the source root.
     */
    public static String render(AuditReport report) {
        Optional<Path> module = SourceRoots.moduleOf(report.paths());
        return render(List.of(new ReactorReport.Module("", module.map(SourceRoots::of).orElse(""), report)),
                module.map(m -> Json.obj("uri", m.toUri().toString(), "description", Json.obj("text", "the module root")))
                        .orElse(Json.obj("description", Json.obj("text", "the source root"))));
    }

    /** A reactor: one run, result URIs relative to the reactor root ({@code app/src/main/java/com/acme/A.java}). */
    public static String render(ReactorReport reactor) {
        return render(reactor.modules(), Json.obj("uri", Path.of(reactor.root()).toAbsolutePath().normalize()
                .toUri().toString(), "description", Json.obj("text", "the reactor root")));
    }

    private static String render(List<ReactorReport.Module> modules, Object sourceRoot) {
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "session-guard");
        String version = SarifReport.class.getPackage().getImplementationVersion();
        if (version != null) {
            driver.put("version", version);
        }
        List<Object> rules = new ArrayList<>();
        for (SessionRule r : SessionRule.values()) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", r.id());
            rule.put("name", r.ruleName());
            rule.put("shortDescription", Json.obj("text", r.description()));
            rule.put("defaultConfiguration", Json.obj("level", "error"));
            rules.add(rule);
        }
        driver.put("rules", rules);

        List<Object> results = new ArrayList<>();
        List<Object> notifications = new ArrayList<>();
        for (ReactorReport.Module module : modules) {
            AuditReport report = module.report();
            String prefix = module.sourceRoot().isEmpty() ? "" : module.sourceRoot() + "/";
            for (AuditReport.Warning w : report.warnings()) {
                notifications.add(Json.obj("level", "warning", "message", Json.obj("text", "not analysed (SG002/SG003 not"
                        + " checked there): " + w.location() + ": " + w.reason()),
                        "locations", List.of(Json.obj("logicalLocations", List.of(Json.obj("fullyQualifiedName",
                                w.location(), "kind", "member"))))));
            }
            for (Violation v : report.violations()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("ruleId", v.rule().id());
                result.put("ruleIndex", v.rule().ordinal());
                result.put("level", "error");
                result.put("message", Json.obj("text", v.message()));
                Map<String, Object> physical = new LinkedHashMap<>();
                physical.put("artifactLocation", Json.obj("uri", prefix + v.sourcePath(), "uriBaseId", "SRCROOT"));
                if (v.line() > 0) {
                    physical.put("region", Json.obj("startLine", v.line()));
                }
                Map<String, Object> location = new LinkedHashMap<>();
                location.put("physicalLocation", physical);
                location.put("logicalLocations", List.of(Json.obj("fullyQualifiedName", v.location(),
                        "kind", v.member().startsWith("<") || Character.isLowerCase(v.member().charAt(0)) ? "member" : "type")));
                result.put("locations", List.of(location));
                result.put("partialFingerprints", Json.obj("sessionGuardKey/v1", fingerprint(BaselineKey.of(v.message()))));
                if (report.hasBaseline()) {
                    result.put("baselineState", report.isNew(v) ? "new" : "unchanged");
                }
                results.add(result);
            }
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Json.obj("driver", driver));
        run.put("originalUriBaseIds", Json.obj("SRCROOT", sourceRoot));
        run.put("results", results);
        // the methods the analysis could not read: visible to code-scanning services, never a silent pass
        run.put("invocations", List.of(Json.obj("executionSuccessful", true, "toolExecutionNotifications", notifications)));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        root.put("runs", List.of(run));
        return Json.write(root);
    }

    private static String fingerprint(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
