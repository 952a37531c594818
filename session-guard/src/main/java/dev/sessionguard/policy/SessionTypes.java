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
    private final Matcher rawFactories;
    private final Matcher sessionTypes;
    private final Matcher templates;
    /** Asked of every type every class touches: the answers per class object, before the name is looked at. */
    private final Map<JavaClass, Optional<String>> rawByClass = new IdentityHashMap<>();
    private final Map<JavaClass, Optional<String>> sessionByClass = new IdentityHashMap<>();

    public SessionTypes(SessionPolicy policy) {
        this.rawFactories = new Matcher(policy.rawFactories());
        this.sessionTypes = new Matcher(policy.sessionTypes());
        this.templates = new Matcher(policy.threadSafeTemplates());
    }

    /** The raw factory type the class is or extends, if any. */
    public Optional<String> rawFactoryOf(JavaClass type) {
        Optional<String> known = rawByClass.get(type);
        if (known == null) {
            known = rawFactories.match(type);
            rawByClass.put(type, known);
        }
        return known;
    }

    /** The session type the class is or extends, if any; a container's thread-safe template never is one. */
    public Optional<String> sessionTypeOf(JavaClass type) {
        Optional<String> known = sessionByClass.get(type);
        if (known == null) {
            known = !templates.names.isEmpty() && templates.match(type).isPresent() ? Optional.empty() : sessionTypes.match(type);
            sessionByClass.put(type, known);
        }
        return known;
    }

    /**
     * The first of some names a class is assignable to, in the order of ArchUnit's
     * {@code getAllClassesSelfIsAssignableTo()} (itself, its superclasses, then its interfaces depth first), found from
     * each class's direct supertypes and memoised per class name: building every class's full set of supertypes is
     * what an import-wide walk cannot afford.
     */
    private static final class Matcher {
        private final Set<String> names;
        private final Map<String, Optional<String>> byClass = new HashMap<>();
        private final Map<String, Optional<String>> bySuperclasses = new HashMap<>();
        private final Map<String, Optional<String>> byInterfaces = new HashMap<>();

        Matcher(Set<String> names) {
            this.names = names;
        }

        Optional<String> match(JavaClass type) {
            JavaClass base = base(type);
            if (base == null) {
                // ArchUnit keeps some array types of unresolved classes without a component type: go by name
                String name = type.getName().replaceAll("^\\[+L?|;$", "").replaceAll("(\\[\\])+$", "");
                return named(name);
            }
            if (base.isPrimitive()) {
                return Optional.empty();
            }
            Optional<String> known = byClass.get(base.getName());
            if (known == null) {
                known = named(base.getName());
                if (known.isEmpty()) {
                    known = superclasses(base);
                }
                if (known.isEmpty()) {
                    known = interfaces(base);
                }
                byClass.put(base.getName(), known);
            }
            return known;
        }

        private Optional<String> named(String name) {
            return names.contains(name) ? Optional.of(name) : Optional.empty();
        }

        /** The first name along the class's chain of superclasses, itself excluded. */
        private Optional<String> superclasses(JavaClass c) {
            Optional<String> known = bySuperclasses.get(c.getName());
            if (known == null) {
                JavaClass s = c.getRawSuperclass().orElse(null);
                known = s == null ? Optional.empty() : named(s.getName()).or(() -> superclasses(s));
                bySuperclasses.put(c.getName(), known);
            }
            return known;
        }

        /** The first name among all the class's interfaces: each declared one and its own, then the superclass's. */
        private Optional<String> interfaces(JavaClass c) {
            Optional<String> known = byInterfaces.get(c.getName());
            if (known == null) {
                known = Optional.empty();
                for (JavaClass i : c.getRawInterfaces()) {
                    known = named(i.getName()).or(() -> interfaces(i));
                    if (known.isPresent()) {
                        break;
                    }
                }
                JavaClass s = c.getRawSuperclass().orElse(null);
                if (known.isEmpty() && s != null) {
                    known = interfaces(s);
                }
                byInterfaces.put(c.getName(), known);
            }
            return known;
        }
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
