package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.sessionguard.policy.SessionPolicy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers, by name and through the class hierarchy, which raw factory or session type a class is.
 * Memoised per class name; one instance per rule evaluation.
 */
final class SessionTypes {
    private final Set<String> rawFactories;
    private final Set<String> sessionTypes;
    private final Map<String, Optional<String>> rawCache = new HashMap<>();
    private final Map<String, Optional<String>> sessionCache = new HashMap<>();

    SessionTypes(SessionPolicy policy) {
        this.rawFactories = policy.rawFactories();
        this.sessionTypes = policy.sessionTypes();
    }

    /** The raw factory type the class is or extends, if any; arrays by their component type. */
    Optional<String> rawFactoryOf(JavaClass type) {
        return match(type.getBaseComponentType(), rawFactories, rawCache);
    }

    Optional<String> sessionTypeOf(JavaClass type) {
        return match(type.getBaseComponentType(), sessionTypes, sessionCache);
    }

    private static Optional<String> match(JavaClass type, Set<String> names, Map<String, Optional<String>> cache) {
        if (type.isPrimitive()) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(type.getName(), n -> {
            if (names.contains(n)) {
                return Optional.of(n);
            }
            for (String name : names) {
                if (type.isAssignableTo(name)) {
                    return Optional.of(name);
                }
            }
            return Optional.empty();
        });
    }
}
