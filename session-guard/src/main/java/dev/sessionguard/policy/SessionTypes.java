package dev.sessionguard.policy;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.sessionguard.annotation.Internal;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers, by name and through the class hierarchy, which raw factory or session type a class is. Arrays count by
 * their component type. Memoised per class name (and per class object); one instance per evaluation.
 */
@Internal
public final class SessionTypes {
    private final Set<String> rawFactories;
    private final Set<String> sessionTypes;
    private final Set<String> templates;
    private final Map<String, Optional<String>> rawCache = new HashMap<>();
    private final Map<String, Optional<String>> sessionCache = new HashMap<>();
    private final Map<String, Optional<String>> templateCache = new HashMap<>();
    /** Asked of every type every class touches: the answers per class object, before the name is looked at. */
    private final Map<JavaClass, Optional<String>> rawByClass = new IdentityHashMap<>();
    private final Map<JavaClass, Optional<String>> sessionByClass = new IdentityHashMap<>();

    public SessionTypes(SessionPolicy policy) {
        this.rawFactories = policy.rawFactories();
        this.sessionTypes = policy.sessionTypes();
        this.templates = policy.threadSafeTemplates();
    }

    /** The raw factory type the class is or extends, if any. */
    public Optional<String> rawFactoryOf(JavaClass type) {
        Optional<String> known = rawByClass.get(type);
        if (known == null) {
            known = match(type, rawFactories, rawCache);
            rawByClass.put(type, known);
        }
        return known;
    }

    /** The session type the class is or extends, if any; a container's thread-safe template never is one. */
    public Optional<String> sessionTypeOf(JavaClass type) {
        Optional<String> known = sessionByClass.get(type);
        if (known == null) {
            known = !templates.isEmpty() && match(type, templates, templateCache).isPresent()
                    ? Optional.empty() : match(type, sessionTypes, sessionCache);
            sessionByClass.put(type, known);
        }
        return known;
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
