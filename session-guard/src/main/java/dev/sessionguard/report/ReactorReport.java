package dev.sessionguard.report;

import dev.sessionguard.rules.SessionRule;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An audit of a Maven reactor: one {@link AuditReport} per built module (each with its own configuration and
 * baseline), the modules skipped for want of classes, and the totals.
 *
 * @param root the reactor root, as given
 * @param modules the audited modules, in reactor order
 * @param skipped the modules not audited, by path from the root with the reason ({@code docs (no target/classes)})
 */
public record ReactorReport(String root, List<Module> modules, List<String> skipped) {

    /**
     * One module's audit.
     *
     * @param id the module's path from the reactor root ({@code services/billing})
     * @param sourceRoot the folder, from the reactor root, its sources lie under ({@code services/billing/src/main/java})
     */
    public record Module(String id, String sourceRoot, AuditReport report) {
    }

    /** Per rule, summed over the modules. */
    public record Total(SessionRule rule, int violations, int fresh, int frozen) {
    }

    public ReactorReport {
        modules = List.copyOf(modules);
        skipped = List.copyOf(skipped);
    }

    public int newCount() {
        return modules.stream().mapToInt(m -> m.report().newCount()).sum();
    }

    public int violationCount() {
        return modules.stream().mapToInt(m -> m.report().violations().size()).sum();
    }

    public int analysedClasses() {
        return modules.stream().mapToInt(m -> m.report().analysedClasses()).sum();
    }

    public boolean hasBaseline() {
        return modules.stream().anyMatch(m -> m.report().hasBaseline());
    }

    public List<Total> totals() {
        Map<SessionRule, int[]> sums = new EnumMap<>(SessionRule.class);
        for (SessionRule r : SessionRule.values()) {
            sums.put(r, new int[3]);
        }
        for (Module m : modules) {
            for (AuditReport.RuleSummary s : m.report().summaries()) {
                int[] sum = sums.get(s.rule());
                sum[0] += s.violations();
                sum[1] += s.fresh();
                sum[2] += s.frozen();
            }
        }
        List<Total> totals = new ArrayList<>();
        sums.forEach((rule, sum) -> totals.add(new Total(rule, sum[0], sum[1], sum[2])));
        return totals;
    }
}
