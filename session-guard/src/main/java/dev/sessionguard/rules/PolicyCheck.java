package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.PackageMatcher;
import dev.sessionguard.annotation.Internal;
import dev.sessionguard.policy.CallFacts;
import dev.sessionguard.policy.MethodRef;
import dev.sessionguard.policy.NoSessionApiException;
import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.Preset;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.policy.SessionResult;
import dev.sessionguard.policy.SessionTypes;
import dev.sessionguard.policy.UnmatchedDbPackagesException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The checks that keep a misconfigured rule from passing silently: an import that found nothing, a configured type
 * or method that exists nowhere, a source that returns no session, db packages that match nothing, analysed code that
 * uses no session API at all.
 */
@Internal
public final class PolicyCheck {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyCheck.class);
    private static final PerImport<Boolean> GAPS_LOGGED = new PerImport<>();
    private PolicyCheck() {
    }

    /**
     * Verifies the policy against the analysed classes.
     *
     * @throws SessionGuardConfigurationException naming the key and value at fault
     */
    public static void verify(SessionPolicy policy, Collection<JavaClass> analysed) {
        verifyAndDescribe(policy, analysed);
    }

    /** {@link #verify}, answering what the configured sources and closers take and return (what a fix names). */
    static ConfiguredDoors verifyAndDescribe(SessionPolicy policy, Collection<JavaClass> analysed) {
        if (analysed.isEmpty()) {
            throw new SessionGuardConfigurationException(
                    "the import found no classes to analyse (check @AnalyzeClasses / the paths given)");
        }
        List<String> unreadable = ImportCompleteness.unreadable(analysed);
        if (!unreadable.isEmpty() && !policy.skipUnreadable()) {
            throw new SessionGuardConfigurationException(unreadable.get(0) + ", skipped by the import"
                    + (unreadable.size() > 1 ? " (and " + (unreadable.size() - 1) + " more)" : "") + "; set "
                    + PolicyConfiguration.SKIP_UNREADABLE + "=true to check the rest and log them as warnings");
        }
        unreadable.forEach(u -> LOG.warn("session-guard: warning: {}, not analysed", u));
        List<ClassPathGap> gaps = classPathGaps(policy, analysed);
        if (!gaps.isEmpty()) {
            // every rule verifies the policy over the import; the warning is one per import, not one per rule
            GAPS_LOGGED.get(analysed, gaps, () -> {
                gaps.forEach(g -> LOG.warn("session-guard: warning: {}", g.message()));
                return Boolean.TRUE;
            });
        }
        Map<String, JavaClass> byName = new HashMap<>();
        analysed.forEach(c -> byName.put(c.getName(), c));
        Map<String, JavaClass> dependencies = null;
        for (SessionPolicy.Configured<String> type : policy.configuredTypes()) {
            if (byName.containsKey(type.value()) || loadClass(type.value()) != null) {
                continue;
            }
            if (dependencies == null) {
                dependencies = dependencyTargets(analysed);
            }
            if (!dependencies.containsKey(type.value())) {
                throw new SessionGuardConfigurationException(type.key(), type.value(),
                        "no such type among the " + analysed.size() + " analysed classes nor on the classpath (typo?)");
            }
        }
        SessionTypes types = new SessionTypes(policy);
        Map<MethodRef, String> sourceTypes = new LinkedHashMap<>();
        Map<MethodRef, Set<String>> closerTypes = new LinkedHashMap<>();
        if (!policy.configuredMethods().isEmpty()) {
            Map<String, Set<JavaClass>> called = calledMethods(analysed);
            Map<String, JavaClass> known = dependencies != null ? dependencies : dependencyTargets(analysed);
            for (SessionPolicy.Configured<MethodRef> m : policy.configuredMethods()) {
                Signatures signatures = verifyMethod(m, known, called, analysed.size());
                if (m.key().equals(PolicyConfiguration.SESSION_SOURCES)) {
                    sourceTypes.put(m.value(), sessionTypeReturned(m, signatures, types, policy));
                } else if (m.key().equals(PolicyConfiguration.SESSION_RESULTS)) {
                    verifyClosableResult(m, signatures);
                } else {
                    closerTypes.put(m.value(), signatures.parameterTypes);
                }
            }
        }
        verifySessionApiUsed(policy, analysed);
        verifyDbPackagesMatch(policy, analysed);
        return new ConfiguredDoors(sourceTypes, closerTypes);
    }

    /**
     * The session type each configured source returns and the types each configured closer takes (by name): what a fix
     * names is the door of the session type the code used.
     */
    record ConfiguredDoors(Map<MethodRef, String> sourceSessionTypes, Map<MethodRef, Set<String>> closerParameterTypes) {
        /** No configured door: what counting needs, which names no fix. */
        static final ConfiguredDoors NONE = new ConfiguredDoors(Map.of(), Map.of());

        /** The configured source that hands out this session type. */
        Optional<MethodRef> sourceOf(String sessionType) {
            return sourceSessionTypes.entrySet().stream().filter(e -> e.getValue().equals(sessionType))
                    .map(Map.Entry::getKey).findFirst();
        }

        /** The configured source of a session type a raw factory makes (its preset's), or of any type for the project's own factory. */
        Optional<MethodRef> sourceForRawFactory(String rawFactory) {
            List<Preset> owning = Arrays.stream(Preset.values()).filter(p -> p.rawFactories().contains(rawFactory)).toList();
            if (owning.isEmpty()) {
                return sourceSessionTypes.keySet().stream().findFirst();
            }
            return sourceSessionTypes.entrySet().stream()
                    .filter(e -> owning.stream().anyMatch(p -> p.sessionTypes().contains(e.getValue())))
                    .map(Map.Entry::getKey).findFirst();
        }

        /** The configured closer that takes this session type (or, for a type not known by name, the first one). */
        Optional<MethodRef> closerOf(String sessionType) {
            return closerParameterTypes.entrySet().stream()
                    .filter(e -> sessionType == null || e.getValue().contains(sessionType))
                    .map(Map.Entry::getKey).findFirst();
        }
    }

    /** What the overloads of a configured method return and take: classes where the import has them, else names. */
    private static final class Signatures {
        final Set<JavaClass> returned = new LinkedHashSet<>();
        final Set<String> returnedNames = new LinkedHashSet<>();
        final Set<String> parameterTypes = new LinkedHashSet<>();
    }

    /**
     * A source hands out sessions: a method whose every overload returns a raw factory type (a {@code SessionFactory},
     * a {@code DataSource}) would have every caller told to open the factory in try-with-resources. Any other type is
     * taken for a session of the project's own (a data-access library's {@code Connection}, a pool's entry that a
     * configured closer takes back, an {@code Object} of an erased pool API) and tracked as one.
     */
    private static String sessionTypeReturned(SessionPolicy.Configured<MethodRef> m, Signatures signatures,
                                              SessionTypes types, SessionPolicy policy) {
        for (JavaClass r : signatures.returned) {
            Optional<String> session = types.sessionTypeOf(r);
            if (session.isPresent()) {
                return session.get();
            }
        }
        for (JavaClass r : signatures.returned) {
            if (policy.rawFactories().stream().noneMatch(r::isAssignableTo)) {
                return r.getName();
            }
        }
        for (String name : signatures.returnedNames) {
            if (!policy.rawFactories().contains(name)) {
                return name;
            }
        }
        Set<String> returned = new TreeSet<>(signatures.returnedNames);
        signatures.returned.forEach(r -> returned.add(r.getName()));
        throw new SessionGuardConfigurationException(m.key(), m.value().toString(), "returns " + String.join(" or ", returned)
                + ", which is not a session type: a source hands out sessions (name the method that returns the session,"
                + " or add its type to " + PolicyConfiguration.SESSION_TYPES + ")");
    }

    /**
     * A session-bearing result is closed to give its connection back: a configured result method none of whose
     * overloads returns an {@code AutoCloseable} (a {@code Stream}, a cursor) names something that cannot be closed.
     */
    private static void verifyClosableResult(SessionPolicy.Configured<MethodRef> m, Signatures signatures) {
        if (signatures.returnedNames.contains(AutoCloseable.class.getName())
                || signatures.returnedNames.stream().anyMatch(CallFacts::isReactiveName)) {
            return;
        }
        Set<String> returned = new TreeSet<>();
        for (JavaClass r : signatures.returned) {
            Class<?> loaded = loadClass(r.getName());
            if (r.isAssignableTo(AutoCloseable.class) || loaded != null && AutoCloseable.class.isAssignableFrom(loaded)
                    || CallFacts.isReactiveName(r.getName()) || CallFacts.REACTIVE_TYPES.stream().anyMatch(r::isAssignableTo)) {
                return;
            }
            returned.add(r.getName());
        }
        signatures.returnedNames.stream().filter(n -> !n.equals(Object.class.getName())).limit(1).forEach(returned::add);
        throw new SessionGuardConfigurationException(m.key(), m.value().toString(), "returns " + String.join(" or ", returned)
                + ", which is neither AutoCloseable nor a reactive type: a session result is a value closed to give its"
                + " connection back (a Stream, a Cursor, ScrollableResults; a Publisher, Uni, Multi, CompletionStage or"
                + " Vert.x Future of one; name the method that returns it)");
    }

    /**
     * The configured types and methods whose type the analysed code names but neither it nor the classpath holds (or
     * that cannot be loaded without its own dependencies): a call naming the type itself still matches, but one through
     * a subtype or an override does not, and no body of it is read. Each is a warning that every report shows, since
     * the analysis is then quietly narrower than the configuration says.
     */
    public static List<ClassPathGap> classPathGaps(SessionPolicy policy, Collection<JavaClass> analysed) {
        Set<String> names = new HashSet<>();
        analysed.forEach(c -> names.add(c.getName()));
        List<ClassPathGap> gaps = new ArrayList<>();
        Map<String, Boolean> loadable = new HashMap<>();
        for (SessionPolicy.Configured<String> t : policy.configuredTypes()) {
            gap(t.key(), t.value(), t.value(), names, loadable).ifPresent(gaps::add);
        }
        for (SessionPolicy.Configured<MethodRef> m : policy.configuredMethods()) {
            gap(m.key(), m.value().toString(), m.value().ownerType(), names, loadable).ifPresent(gaps::add);
        }
        return gaps;
    }

    /** A configured setting ({@code key=value}) whose type the classpath lacks, and what the analysis then misses. */
    public record ClassPathGap(String setting, String reason) {
        public String message() {
            return setting + ": " + reason;
        }
    }

    private static Optional<ClassPathGap> gap(String key, String value, String type, Set<String> analysed,
                                              Map<String, Boolean> loadable) {
        if (analysed.contains(type) || loadable.computeIfAbsent(type, t -> loadClass(t) != null)) {
            return Optional.empty();
        }
        return Optional.of(new ClassPathGap(key + "=" + value, "type " + type + " is not on the classpath (or cannot be"
                + " loaded without its own dependencies): only calls that name it match, none through its subtypes or"
                + " overrides, and none of its bodies is read; add its jar to the classpath"));
    }

    /**
     * Each configured db package must hold an analysed class or a class the analysed code uses: one that holds neither
     * is a typo or a stale name, and would report the real db package's own classes as outside the db packages.
     */
    private static void verifyDbPackagesMatch(SessionPolicy policy, Collection<JavaClass> analysed) {
        List<SessionPolicy.Configured<String>> configured = policy.configuredDbPackages();
        if (configured.isEmpty()) {
            return;
        }
        Set<String> packages = new TreeSet<>();
        for (JavaClass c : analysed) {
            packages.add(c.getPackageName());
            c.getDirectDependenciesFromSelf().forEach(d -> packages.add(d.getTargetClass().getPackageName()));
        }
        for (SessionPolicy.Configured<String> db : configured) {
            PackageMatcher matcher = PackageMatcher.of(db.value());
            if (packages.stream().noneMatch(matcher::matches)) {
                throw new UnmatchedDbPackagesException(db.key(), String.join(",", policy.dbPackages()),
                        db.value() + " matches none of the " + analysed.size() + " analysed classes nor a class they use"
                                + " (ArchUnit package syntax: com.acme.db.. is com.acme.db and its subpackages; code without a db package"
                                + " leaves the key out)");
            }
        }
    }

    private static Map<String, JavaClass> dependencyTargets(Collection<JavaClass> analysed) {
        Map<String, JavaClass> known = new HashMap<>();
        for (JavaClass c : analysed) {
            known.put(c.getName(), c);
            c.getDirectDependenciesFromSelf().forEach(d -> known.putIfAbsent(d.getTargetClass().getName(), d.getTargetClass()));
        }
        return known;
    }

    private static Signatures verifyMethod(SessionPolicy.Configured<MethodRef> m, Map<String, JavaClass> known,
                                           Map<String, Set<JavaClass>> called, int count) {
        MethodRef ref = m.value();
        Signatures signatures = new Signatures();
        JavaClass owner = known.get(ref.ownerType());
        Class<?> loaded = owner == null || !owner.getSource().isPresent() ? loadClass(ref.ownerType()) : null;
        if (called.containsKey(ref.toString())) {
            signatures.returned.addAll(called.get(ref.toString()));
        } else if (owner == null && loaded == null) {
            throw new SessionGuardConfigurationException(m.key(), ref.toString(),
                    "no type " + ref.ownerType() + " among the " + count + " analysed classes nor on the classpath (typo?)");
        }
        if (owner != null) {
            owner.getAllMethods().stream().filter(x -> x.getName().equals(ref.methodName())).forEach(x -> {
                signatures.returned.add(x.getRawReturnType());
                x.getRawParameterTypes().forEach(p -> signatures.parameterTypes.add(p.getName()));
            });
        }
        if (loaded != null) {
            methods(loaded, ref.methodName()).forEach(x -> {
                signatures.returnedNames.addAll(names(x.getReturnType()));
                for (Class<?> p : x.getParameterTypes()) {
                    signatures.parameterTypes.addAll(names(p));
                }
            });
        }
        if (signatures.returned.isEmpty() && signatures.returnedNames.isEmpty()) {
            throw new SessionGuardConfigurationException(m.key(), ref.toString(),
                    "type " + ref.ownerType() + " has no method " + ref.methodName() + " (typo?)");
        }
        return signatures;
    }

    /** The calls of the analysed code, {@code owner#name}, with the types the called methods return. */
    private static Map<String, Set<JavaClass>> calledMethods(Collection<JavaClass> analysed) {
        Map<String, Set<JavaClass>> called = new HashMap<>();
        for (JavaClass c : analysed) {
            for (JavaCodeUnit u : c.getCodeUnits()) {
                for (JavaAccess<?> a : u.getCallsFromSelf()) {
                    Set<JavaClass> returned = called.computeIfAbsent(a.getTargetOwner().getName() + "#" + a.getName(),
                            k -> new HashSet<>());
                    if (a instanceof JavaMethodCall call) {
                        returned.add(call.getTarget().getRawReturnType());
                    }
                }
            }
        }
        return called;
    }

    /** Stops at the first use: a class that is, has, takes, returns or calls into a session API type. */
    private static void verifySessionApiUsed(SessionPolicy policy, Collection<JavaClass> analysed) {
        SessionTypes types = new SessionTypes(policy);
        Set<String> sourceOwners = policy.sessionSources().stream().map(MethodRef::ownerType)
                .collect(Collectors.toCollection(HashSet::new));
        policy.sessionResults().stream().map(SessionResult::ownerType)
                .filter(Objects::nonNull).forEach(sourceOwners::add);
        Predicate<JavaClass> isApi = t -> sourceOwners.contains(t.getName())
                || types.rawFactoryOf(t).isPresent() || types.sessionTypeOf(t).isPresent();
        for (JavaClass c : analysed) {
            if (isApi.test(c) || c.getFields().stream().anyMatch(f -> isApi.test(f.getRawType()))) {
                return;
            }
            for (JavaCodeUnit u : c.getCodeUnits()) {
                if (isApi.test(u.getRawReturnType()) || u.getRawParameterTypes().stream().anyMatch(isApi)
                        || u.getCallsFromSelf().stream().anyMatch(call -> isApi.test(call.getTargetOwner()))) {
                    return;
                }
            }
        }
        String presets = policy.presets().stream().map(Preset::id).collect(Collectors.joining(","));
        throw new NoSessionApiException(PolicyConfiguration.PRESETS, presets,
                "none of the " + analysed.size() + " analysed classes uses a raw factory, session type or session source of"
                        + " this policy (check the import, the presets and " + PolicyConfiguration.RAW_FACTORIES + "/"
                        + PolicyConfiguration.SESSION_TYPES + "/" + PolicyConfiguration.SESSION_SOURCES + ")");
    }

    private static Class<?> loadClass(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(name, false, loader != null ? loader : PolicyCheck.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** The methods of that name a loaded class declares or inherits. */
    private static List<Method> methods(Class<?> type, String name) {
        List<Method> found = new ArrayList<>();
        for (Class<?> c : hierarchy(type)) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name)) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    /** A loaded type's name and the names of all its supertypes. */
    private static Set<String> names(Class<?> type) {
        Set<String> names = new LinkedHashSet<>();
        hierarchy(type).forEach(c -> names.add(c.getName()));
        return names;
    }

    private static Set<Class<?>> hierarchy(Class<?> type) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(type);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!seen.add(c)) {
                continue;
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(List.of(c.getInterfaces()));
        }
        return seen;
    }
}
