package dev.sessionguard.report;

import dev.sessionguard.baseline.BaselineFile;
import dev.sessionguard.baseline.SessionBaseline;
import dev.sessionguard.flow.FlowWarning;
import dev.sessionguard.rules.SessionRule;
import dev.sessionguard.rules.UsageCensus;
import dev.sessionguard.rules.Violation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an audit found, the model every report format renders: violations per rule and file, new or frozen against
 * the baseline, the progress per rule, the correct usages, and the methods the analysis could not read.
 */
public final class AuditReport {
    private final List<String> paths;
    private final int analysedClasses;
    private final List<Violation> violations;
    private final BaselineComparison baseline;
    private final String baselineFolder;
    private final UsageCensus census;
    private final List<Warning> skipped;

    /** Something the audit did not analyse: a method too complex or unreadable, a class file skipped. */
    public record Warning(String location, String reason) {
    }

    public AuditReport(List<String> paths, int analysedClasses, List<Violation> violations, BaselineComparison baseline,
                       String baselineFolder, UsageCensus census) {
        this(paths, analysedClasses, violations, baseline, baselineFolder, census, List.of());
    }

    /** With the class files skipped at import ({@code --skip-unreadable}), each a warning in every format. */
    public AuditReport(List<String> paths, int analysedClasses, List<Violation> violations, BaselineComparison baseline,
                       String baselineFolder, UsageCensus census, List<Warning> skipped) {
        this.skipped = List.copyOf(skipped);
        this.paths = List.copyOf(paths);
        this.analysedClasses = analysedClasses;
        List<Violation> sorted = new ArrayList<>(violations);
        sorted.sort(Violation.ORDER);
        this.violations = Collections.unmodifiableList(sorted);
        this.baseline = baseline;
        this.baselineFolder = baselineFolder;
        this.census = census;
    }

    /** Per rule: current violations, new ones, frozen ones, baseline entries fixed, the frozen total, files left. */
    public record RuleSummary(SessionRule rule, int violations, int fresh, int frozen, int fixed, int frozenTotal, int filesLeft) {
        /** "SG001: 12 of 20 fixed, 8 left" ({@link SessionBaseline#progress}), or empty without a baseline for the rule. */
        public Optional<String> progress() {
            if (frozenTotal == 0) {
                return Optional.empty();
            }
            return Optional.of(SessionBaseline.progress(rule.id(), frozenTotal, frozen));
        }

        /**
         * The one wording of a rule's baseline status, in every format and the baseline command:
         * "SG001: 1 of 2 fixed, 1 left, 1 new", or "SG003: not frozen, 2 new" for a rule the baseline has no file for.
         */
        public String status() {
            return progress().orElse(rule.id() + ": not frozen") + ", " + fresh + " new";
        }
    }

    public List<String> paths() {
        return paths;
    }

    public int analysedClasses() {
        return analysedClasses;
    }

    public List<Violation> violations() {
        return violations;
    }

    public boolean hasBaseline() {
        return baseline.hasBaseline();
    }

    public Optional<String> baselineFolder() {
        return Optional.ofNullable(baselineFolder);
    }

    /** Whether the violation is not in the baseline (every violation is new without one). */
    public boolean isNew(Violation v) {
        return baseline.isNew(v);
    }

    public int newCount() {
        return baseline.newCount();
    }

    /** Baseline entries no longer found, per rule ID: they can be removed. */
    public Map<String, List<String>> fixed() {
        return baseline.fixed();
    }

    public UsageCensus census() {
        return census;
    }

    /** The class files skipped at import, then the methods the analysis could not read. */
    public List<Warning> warnings() {
        List<Warning> all = new ArrayList<>(skipped);
        for (FlowWarning w : census.warnings()) {
            all.add(new Warning(w.className() + "#" + w.member(), w.reason()));
        }
        return all;
    }

    public List<RuleSummary> summaries() {
        Map<SessionRule, List<Violation>> byRule = new EnumMap<>(SessionRule.class);
        for (SessionRule r : SessionRule.values()) {
            byRule.put(r, new ArrayList<>());
        }
        violations.forEach(v -> byRule.get(v.rule()).add(v));
        List<RuleSummary> out = new ArrayList<>();
        for (Map.Entry<SessionRule, List<Violation>> e : byRule.entrySet()) {
            List<Violation> vs = e.getValue();
            int fresh = (int) vs.stream().filter(baseline::isNew).count();
            BaselineFile file = baseline.files().get(e.getKey().id());
            int fixed = baseline.fixed().getOrDefault(e.getKey().id(), List.of()).size();
            Set<String> files = new LinkedHashSet<>();
            vs.stream().filter(v -> !baseline.isNew(v)).forEach(v -> files.add(v.sourcePath()));
            out.add(new RuleSummary(e.getKey(), vs.size(), fresh, vs.size() - fresh, fixed,
                    file == null ? 0 : file.frozen(), files.size()));
        }
        return out;
    }

    /** Violations per source file (path under its source root), sorted by path. */
    public Map<String, List<Violation>> byFile() {
        Map<String, List<Violation>> files = new TreeMap<>();
        violations.forEach(v -> files.computeIfAbsent(v.sourcePath(), k -> new ArrayList<>()).add(v));
        return files;
    }
}
