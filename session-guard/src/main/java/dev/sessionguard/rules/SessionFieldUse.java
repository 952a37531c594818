package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaStaticInitializer;
import dev.sessionguard.flow.FieldStore;
import dev.sessionguard.flow.FlowAnalysis;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.policy.SessionTypes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SG004: fields of classes outside the db packages that keep a session the class obtained from a session source
 * itself, and mutable static fields that can hold any session, wherever they are declared. A session the class is given (a constructor or setter
 * parameter, a container's injection) belongs to whoever gave it.
 */
final class SessionFieldUse {
    private final SessionPolicy policy;
    private final SessionTypes types;
    private final FlowAnalysis flow;

    private final PolicyCheck.ConfiguredDoors doors;

    SessionFieldUse(SessionPolicy policy, FlowAnalysis flow, PolicyCheck.ConfiguredDoors doors) {
        this.policy = policy;
        this.doors = doors;
        this.types = new SessionTypes(policy);
        this.flow = flow;
    }

    /**
     * Classes in the db packages own sessions by design, and an AutoCloseable class that holds a session is a resource
     * wrapper (it is closed itself, and SG002 tracks it in the session's place): both may keep a session in an instance
     * field. A mutable static session field is shared by every thread, whoever declares it: always reported.
     */
    List<Violation> violationsIn(JavaClass c) {
        String source = c.getSource().flatMap(s -> s.getFileName()).orElse("");
        Map<String, Violation> byField = new LinkedHashMap<>();
        List<FieldStore> stores = policy.isDbPackage(c.getPackageName()) ? List.of() : flow.of(c).fieldStores();
        // asked last: ArchUnit's isAssignableTo builds its predicates' descriptions, and most classes store no session
        if (!stores.isEmpty() && !c.isAssignableTo(AutoCloseable.class)) {
            stores.forEach(store -> {
                String owner = store.owner().replace('/', '.');
                // a short-lived command object closes what it stored before its method returns
                if (owner.equals(c.getName()) && !store.closedByTheStoringMethod() && !byField.containsKey(store.name())) {
                    byField.put(store.name(), violation(c, store.name(), "a session", source, store.line()));
                }
            });
        }
        for (JavaField f : c.getFields()) {
            if (!isMutableStatic(f) || byField.containsKey(f.getName())) {
                continue;
            }
            for (JavaClass t : RawFactoryUse.involved(f.getType())) {
                Optional<String> session = types.sessionTypeOf(t);
                if (session.isPresent() && !byField.containsKey(f.getName())) {
                    byField.put(f.getName(), violation(c, f.getName(), t.getName(), source,
                            RawFactoryUse.fieldLine(c, f, () -> RawFactoryUse.firstLine(c).orElse(1))));
                }
            }
        }
        List<Violation> all = new ArrayList<>(byField.values());
        all.sort(Violation.ORDER);
        return all;
    }

    /**
     * A static field that code can assign is shared by every thread, whatever session it is given. A private
     * {@code ThreadLocal} that only its class's static initializer assigns is effectively final, declared so or not, and
     * binds each thread its own session: shared by no other thread, it is the case of a final field.
     */
    private static boolean isMutableStatic(JavaField f) {
        return f.getModifiers().contains(JavaModifier.STATIC) && !f.getModifiers().contains(JavaModifier.FINAL)
                && !isEffectivelyFinalThreadLocal(f);
    }

    private static boolean isEffectivelyFinalThreadLocal(JavaField f) {
        return f.getRawType().isEquivalentTo(ThreadLocal.class) && f.getModifiers().contains(JavaModifier.PRIVATE)
                && f.getAccessesToSelf().stream()
                        .filter(a -> a.getAccessType() == JavaFieldAccess.AccessType.SET)
                        .allMatch(a -> a.getOrigin() instanceof JavaStaticInitializer
                                && a.getOrigin().getOwner().equals(f.getOwner()));
    }

    private Violation violation(JavaClass c, String field, String type, String source, int line) {
        return new Violation(SessionRule.SG004, c.getName(), field, type, source, line,
                "keeps " + type + " in field " + field + " (a long-lived, shared session)",
                "open a session per unit of work instead: " + doors.sourceOf(type)
                        .or(() -> doors.sourceSessionTypes().keySet().stream().filter(m -> !type.contains(".")).findFirst())
                        .map(m -> "try (var session = " + m.asCall() + ") { ... }")
                        .orElse("try-with-resources in the method that needs it"));
    }

}
