package dev.sessionguard.policy;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.sessionguard.annotation.Internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers, by name and through the class hierarchy, which raw factory or session type a class is. Arrays count by
 * their component type. Memoised per class name; one instance per evaluation.
 */
@Internal
public final class SessionTypes {
    private final Set<String> rawFactories;
    private final Set<String> sessionTypes;
    private final Set<String> templates;
    private final Map<String, Optional<String>> rawCache = new HashMap<>();
    private final Map<String, Optional<String>> sessionCache = new HashMap<>();
    private final Map<String, Optional<String>> templateCache = new HashMap<>();

    public SessionTypes(SessionPolicy policy) {
        this.rawFactories = policy.rawFactories();
        this.sessionTypes = policy.sessionTypes();
        this.templates = policy.threadSafeTemplates();
    }

    /** The raw factory type the class is or extends, if any. */
    public Optional<String> rawFactoryOf(JavaClass type) {
        return match(type, rawFactories, rawCache);
    }

    /** The session type the class is or extends, if any; a container's thread-safe template never is one. */
    public Optional<String> sessionTypeOf(JavaClass type) {
        if (!templates.isEmpty() && match(type, templates, templateCache).isPresent()) {
            return Optional.empty();
        }
        return match(type, sessionTypes, sessionCache);
    }

    private static Optional<String> match(JavaClass type, Set<String> names, Map<String, Optional<String>> cache) {
        JavaClass base = base(type);
        if (base == null) {
            // ArchUnit keeps some array types of unresolved classes without a component type: go by name
            String name = type.getName().replaceAll("^\\[+L?|;$", "").replaceAll("(\\[\\])+$", "");
            return names.contains(name) ? Optional.of(name) : Optional.empty();
        }
        if (base.isPrimitive()) {
            return Optional.empty();
        }
        Optional<String> known = cache.get(base.getName());
        if (known != null) {
            return known;
        }
        Optional<String> found = Optional.empty();
        if (names.contains(base.getName())) {
            found = Optional.of(base.getName());
        } else {
            for (JavaClass supertype : base.getAllClassesSelfIsAssignableTo()) {
                if (names.contains(supertype.getName())) {
                    found = Optional.of(supertype.getName());
                    break;
                }
            }
        }
        cache.put(base.getName(), found);
        return found;
    }

    private static JavaClass base(JavaClass type) {
        if (!type.isArray()) {
            return type;
        }
        try {
            return type.getBaseComponentType();
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
