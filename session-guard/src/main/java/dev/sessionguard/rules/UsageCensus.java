package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import dev.sessionguard.annotation.Internal;
import dev.sessionguard.flow.FlowAnalysis;
import dev.sessionguard.flow.FlowWarning;
import dev.sessionguard.policy.SessionPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The correct usages an audit reports beside the violations: sessions closed on every path (try-with-resources or
 * finally), and raw factory uses where they belong, inside the db packages. Shares the rules' flow analysis.
 */
@Internal
public record UsageCensus(Map<String, Integer> guardedSessionsByFile, int dbPackageRawFactoryUses, List<FlowWarning> warnings) {

    public static UsageCensus of(SessionPolicy policy, JavaClasses classes) {
        List<JavaClass> all = new ArrayList<>();
        classes.forEach(all::add);
        FlowAnalysis flow = FlowCache.analysis(policy, all);
        RawFactoryUse raw = new RawFactoryUse(policy, PolicyCheck.ConfiguredDoors.NONE);
        Map<String, Integer> guarded = new TreeMap<>();
        int dbUses = 0;
        List<FlowWarning> warnings = new ArrayList<>();
        for (JavaClass c : all) {
            FlowAnalysis.ClassFlow f = flow.of(c);
            warnings.addAll(f.warnings());
            if (f.guardedSessions() > 0) {
                guarded.merge(sourcePath(c), f.guardedSessions(), Integer::sum);
            }
            if (policy.isDbPackage(c.getPackageName())) {
                dbUses += raw.violationsIn(c).size();
            }
        }
        return new UsageCensus(guarded, dbUses, warnings);
    }

    public int guardedSessions() {
        return guardedSessionsByFile.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String sourcePath(JavaClass c) {
        return Violation.sourcePath(c.getName(), c.getSource().flatMap(s -> s.getFileName()).orElse(""));
    }
}
