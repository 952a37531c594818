package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.sessionguard.flow.FlowAnalysis;
import dev.sessionguard.flow.FlowWarning;
import dev.sessionguard.policy.SessionPolicy;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shares one {@link FlowAnalysis} between SG002, SG003 and SG004 evaluated over the same import with the same
 * policy, so that the class files are read once. Holds only the most recent analysis.
 */
final class FlowCache {
    private static Object lastKey;
    private static FlowAnalysis last;
    private static final Set<FlowWarning> PRINTED = new HashSet<>();

    private FlowCache() {
    }

    static synchronized FlowAnalysis analysis(SessionPolicy policy, Collection<JavaClass> classes) {
        // the same import, whatever order a rule or the audit hands its classes in
        JavaClass first = classes.stream().min(java.util.Comparator.comparing(JavaClass::getName)).orElseThrow();
        Object key = List.of(policy, System.identityHashCode(first), first, classes.size());
        if (!key.equals(lastKey)) {
            last = new FlowAnalysis(policy, classes);
            lastKey = key;
        }
        return last;
    }

    /** Methods that could not be analysed are never a silent pass: each is printed once on stderr. */
    static synchronized void warn(List<FlowWarning> warnings) {
        for (FlowWarning w : warnings) {
            if (PRINTED.add(w)) {
                System.err.println(w.message());
            }
        }
    }
}
