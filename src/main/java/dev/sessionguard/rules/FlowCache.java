package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.sessionguard.flow.FlowAnalysis;
import dev.sessionguard.flow.FlowWarning;
import dev.sessionguard.policy.SessionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shares one {@link FlowAnalysis} between SG002, SG003 and SG004 evaluated over the same import with the same
 * policy, so that the class files are read once. Holds the most recent analysis only (the rules of one import are
 * evaluated one after the other), and knows its import by the identity of the import's class objects, so that two
 * imports never share one.
 */
final class FlowCache {
    private static final Logger LOG = LoggerFactory.getLogger(FlowCache.class);

    /** An import's analysis under a policy, with the warnings already logged for it. */
    private static final class Entry {
        final JavaClass first;
        final SessionPolicy policy;
        final int size;
        final FlowAnalysis analysis;
        final Set<FlowWarning> logged = new HashSet<>();

        Entry(JavaClass first, SessionPolicy policy, int size, FlowAnalysis analysis) {
            this.first = first;
            this.policy = policy;
            this.size = size;
            this.analysis = analysis;
        }

        boolean of(JavaClass first, SessionPolicy policy, int size) {
            return this.first == first && this.policy.equals(policy) && this.size == size;
        }
    }

    private static Entry last;

    private FlowCache() {
    }

    static synchronized FlowAnalysis analysis(SessionPolicy policy, Collection<JavaClass> classes) {
        return entry(policy, classes).analysis;
    }

    /** Methods that could not be analysed are never a silent pass: each is logged once per analysis, as a warning. */
    static synchronized void warn(FlowAnalysis analysis, List<FlowWarning> warnings) {
        Set<FlowWarning> logged = last != null && last.analysis == analysis ? last.logged : new HashSet<>();
        for (FlowWarning w : warnings) {
            if (logged.add(w)) {
                LOG.warn(w.message());
            }
        }
    }

    private static Entry entry(SessionPolicy policy, Collection<JavaClass> classes) {
        // the same import, whatever order a rule or the audit hands its classes in
        JavaClass first = classes.stream().min(Comparator.comparing(JavaClass::getName)).orElseThrow();
        if (last == null || !last.of(first, policy, classes.size())) {
            last = new Entry(first, policy, classes.size(), new FlowAnalysis(policy, classes));
        }
        return last;
    }
}
