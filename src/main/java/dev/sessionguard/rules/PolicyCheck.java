package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import dev.sessionguard.annotation.Internal;
import dev.sessionguard.policy.MethodRef;
import dev.sessionguard.policy.NoSessionApiException;
import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.Preset;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.policy.SessionTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The checks that keep a misconfigured rule from passing silently: an import that found nothing, a configured type
 * or method that exists nowhere, analysed code that uses no session API at all.
 */
@Internal
public final class PolicyCheck {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyCheck.class);
    private PolicyCheck() {
    }

    /**
     * Verifies the policy against the analysed classes.
     *
     * @throws SessionGuardConfigurationException naming the key and value at fault
     */
    public static void verify(SessionPolicy policy, Collection<JavaClass> analysed) {
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
        if (!policy.configuredMethods().isEmpty()) {
            Set<String> called = calledMethods(analysed);
            Map<String, JavaClass> known = dependencies != null ? dependencies : dependencyTargets(analysed);
            for (SessionPolicy.Configured<MethodRef> m : policy.configuredMethods()) {
                verifyMethod(m, known, called, analysed.size());
            }
        }
        verifySessionApiUsed(policy, analysed);
    }

    private static Map<String, JavaClass> dependencyTargets(Collection<JavaClass> analysed) {
        Map<String, JavaClass> known = new HashMap<>();
        for (JavaClass c : analysed) {
            known.put(c.getName(), c);
            c.getDirectDependenciesFromSelf().forEach(d -> known.putIfAbsent(d.getTargetClass().getName(), d.getTargetClass()));
        }
        return known;
    }

    private static void verifyMethod(SessionPolicy.Configured<MethodRef> m, Map<String, JavaClass> known, Set<String> called, int count) {
        MethodRef ref = m.value();
        if (called.contains(ref.toString())) {
            return;
        }
        JavaClass owner = known.get(ref.ownerType());
        Class<?> loaded = owner == null || !owner.getSource().isPresent() ? loadClass(ref.ownerType()) : null;
        if (owner == null && loaded == null) {
            throw new SessionGuardConfigurationException(m.key(), ref.toString(),
                    "no type " + ref.ownerType() + " among the " + count + " analysed classes nor on the classpath (typo?)");
        }
        boolean exists = owner != null && owner.getAllMethods().stream().map(JavaMethod::getName).anyMatch(ref.methodName()::equals);
        if (!exists && loaded != null) {
            exists = hasMethod(loaded, ref.methodName());
        }
        if (!exists) {
            throw new SessionGuardConfigurationException(m.key(), ref.toString(),
                    "type " + ref.ownerType() + " has no method " + ref.methodName() + " (typo?)");
        }
    }

    private static Set<String> calledMethods(Collection<JavaClass> analysed) {
        Set<String> called = new HashSet<>();
        for (JavaClass c : analysed) {
            for (JavaCodeUnit u : c.getCodeUnits()) {
                for (JavaAccess<?> a : u.getCallsFromSelf()) {
                    called.add(a.getTargetOwner().getName() + "#" + a.getName());
                }
            }
        }
        return called;
    }

    /** Stops at the first use: a class that is, has, takes, returns or calls into a session API type. */
    private static void verifySessionApiUsed(SessionPolicy policy, Collection<JavaClass> analysed) {
        SessionTypes types = new SessionTypes(policy);
        Set<String> sourceOwners = policy.sessionSources().stream().map(MethodRef::ownerType).collect(Collectors.toSet());
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

    private static boolean hasMethod(Class<?> type, String name) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(type);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name)) {
                    return true;
                }
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(List.of(c.getInterfaces()));
        }
        return false;
    }
}
