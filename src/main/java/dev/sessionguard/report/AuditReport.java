package dev.sessionguard.report;

import dev.sessionguard.rules.SessionRule;
import dev.sessionguard.rules.Violation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What an audit found: the violations of every rule over the analysed classes, in report order. */
public final class AuditReport {
    private final List<String> paths;
    private final int analysedClasses;
    private final List<Violation> violations;

    public AuditReport(List<String> paths, int analysedClasses, List<Violation> violations) {
        this.paths = List.copyOf(paths);
        this.analysedClasses = analysedClasses;
        List<Violation> sorted = new ArrayList<>(violations);
        sorted.sort(Violation.ORDER);
        this.violations = Collections.unmodifiableList(sorted);
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

    /** Violation count per rule, every rule present. */
    public Map<SessionRule, Integer> countByRule() {
        Map<SessionRule, Integer> counts = new EnumMap<>(SessionRule.class);
        for (SessionRule r : SessionRule.values()) {
            counts.put(r, 0);
        }
        violations.forEach(v -> counts.merge(v.rule(), 1, Integer::sum));
        return counts;
    }

    /** Violations per source file (path under its source root), sorted by path. */
    public Map<String, List<Violation>> byFile() {
        Map<String, List<Violation>> files = new TreeMap<>();
        violations.forEach(v -> files.computeIfAbsent(v.sourcePath(), k -> new ArrayList<>()).add(v));
        return files;
    }
}
