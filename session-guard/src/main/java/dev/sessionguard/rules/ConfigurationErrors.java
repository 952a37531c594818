package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.sessionguard.policy.SessionGuardConfigurationException;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * A configuration error is one failure per run, not one per rule: the first rule that meets it over an import fails with
 * it; every other rule over the same import is skipped (aborted, in JUnit's terms), saying so, and so never passes.
 * Outside JUnit the skip is the error itself.
 */
final class ConfigurationErrors {
    /** The errors already reported, per import (keyed by one of its classes, which the import's rules share). */
    private static final Map<JavaClass, Set<String>> REPORTED = new WeakHashMap<>();
    private static final String ABORTED = "org.opentest4j.TestAbortedException";

    private ConfigurationErrors() {
    }

    /** The exception the rule evaluating {@code analysed} throws for {@code error}. */
    static RuntimeException raise(SessionGuardConfigurationException error, Collection<JavaClass> analysed) {
        JavaClass key = analysed.isEmpty() ? null : analysed.iterator().next();
        if (key == null || firstTime(key, error.getMessage())) {
            return error;
        }
        String message = error.getMessage() + " (reported by the first rule that met it; this rule is skipped)";
        try {
            Class<?> aborted = Class.forName(ABORTED, false, ConfigurationErrors.class.getClassLoader());
            RuntimeException skip = (RuntimeException) aborted.getConstructor(String.class).newInstance(message);
            skip.setStackTrace(new StackTraceElement[0]);
            return skip;
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return error;
        }
    }

    private static boolean firstTime(JavaClass key, String message) {
        synchronized (REPORTED) {
            return REPORTED.computeIfAbsent(key, k -> new HashSet<>()).add(message);
        }
    }
}
