package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.sessionguard.flow.FlowAnalysis;
import dev.sessionguard.flow.FlowWarning;
import dev.sessionguard.policy.SessionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares one {@link FlowAnalysis} between SG002, SG003, SG004 and the usage census evaluated over the same import with
 * the same policy, so that the class files are read once: the rules of a test class are evaluated one by one, each
 * on its own, over one import. The analysis lives as long as its import does ({@link PerImport}).
 */
final class FlowCache {
    private static final Logger LOG = LoggerFactory.getLogger(FlowCache.class);

    /** An import's analysis under a policy, with the warnings already logged for it. */
    record Shared(FlowAnalysis analysis, Set<FlowWarning> logged) {
        /** Methods that could not be analysed are never a silent pass: each is logged once per analysis. */
        void warn(List<FlowWarning> warnings) {
            for (FlowWarning w : warnings) {
                if (logged.add(w)) {
                    LOG.warn(w.message());
                }
            }
        }
    }

    private static final PerImport<Shared> ANALYSES = new PerImport<>();

    private FlowCache() {
    }

    static Shared of(SessionPolicy policy, Collection<JavaClass> classes) {
        return ANALYSES.get(classes, policy,
                () -> new Shared(new FlowAnalysis(policy, classes), ConcurrentHashMap.newKeySet()));
    }

    static FlowAnalysis analysis(SessionPolicy policy, Collection<JavaClass> classes) {
        return of(policy, classes).analysis();
    }
}
