package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.properties.HasSourceCodeLocation;
import dev.sessionguard.flow.MemberNames;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.policy.SessionTypes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/** Finds every place a class depends on a raw factory type (SG001): declaration, fields, signatures, code. */
final class RawFactoryUse {
    private final SessionPolicy policy;
    private final SessionTypes types;

    private final PolicyCheck.ConfiguredDoors doors;
    /** Asked of every code unit: a set, not the policy's list. */
    private final Set<String> wiringAnnotations;
    /** The fix hint per raw factory type, the same for each of its many uses. */
    private final Map<String, String> fixHints = new HashMap<>();

    RawFactoryUse(SessionPolicy policy, PolicyCheck.ConfiguredDoors doors) {
        this.policy = policy;
        this.doors = doors;
        this.types = new SessionTypes(policy);
        this.wiringAnnotations = Set.copyOf(policy.wiringAnnotations());
    }

    /**
     * Whether SG001 applies to the class at all: it lies outside the db packages, is not an allowed class, and is not
     * container wiring (a class annotated, or meta-annotated, with a wiring annotation, or nested in one).
     */
    private boolean appliesTo(JavaClass c) {
        return !policy.isDbPackage(c.getPackageName()) && !policy.isAllowedClass(c.getName()) && !isWiring(c);
    }

    private boolean isWiring(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            JavaClass current = k;
            // a class without annotations can be neither annotated nor meta-annotated: the walk is for the few that have some
            if (!current.getAnnotations().isEmpty() && policy.wiringAnnotations().stream()
                    .anyMatch(a -> current.isAnnotatedWith(a) || current.isMetaAnnotatedWith(a))) {
                return true;
            }
        }
        return false;
    }

    /** A producer method ({@code @Produces}, {@code @Bean}) is wiring: it may take and return raw factories. */
    private boolean isWiring(JavaCodeUnit u) {
        for (JavaAnnotation<?> a : u.getAnnotations()) {
            if (wiringAnnotations.contains(a.getRawType().getName())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the class's declaration (superclass, interfaces, fields) names a raw factory type. */
    private boolean declarationTouchesRaw(JavaClass c) {
        return c.getRawSuperclass().map(this::isRaw).orElse(false) || any(c.getRawInterfaces(), this::isRaw)
                || any(c.getFields(), f -> anyRaw(f.getType()));
    }

    /**
     * Whether a code unit names a raw factory type at all (a superset of what {@link #violationsIn} reports of it). Most
     * name none, and this walk allocates next to nothing: the full one builds lines, members and messages.
     */
    private boolean touchesRaw(JavaClass c, JavaCodeUnit u) {
        Predicate<JavaAccess<?>> raw = a -> isRawAccess(c, a);
        return any(u.getParameterTypes(), this::anyRaw) || anyRaw(u.getReturnType())
                || any(u.getReferencedClassObjects(), o -> isRaw(o.getRawType()))
                || any(u.getInstanceofChecks(), o -> isRaw(o.getRawType()))
                || any(u.getMethodCallsFromSelf(), raw) || any(u.getConstructorCallsFromSelf(), raw)
                || any(u.getFieldAccesses(), raw) || any(u.getMethodReferencesFromSelf(), raw)
                || any(u.getConstructorReferencesFromSelf(), raw);
    }

    /** A loop, not a stream: asked of every member and access of the import. */
    private static <T> boolean any(Iterable<? extends T> items, Predicate<? super T> test) {
        for (T t : items) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    private boolean isRaw(JavaClass type) {
        return raw(type).isPresent();
    }

    private boolean anyRaw(JavaType type) {
        return type instanceof JavaClass plain ? isRaw(plain) : any(type.getAllInvolvedRawTypes(), this::isRaw);
    }

    /** SG001's violations in the class: none where the rule does not apply ({@link #appliesTo}). */
    List<Violation> violationsWhereApplies(JavaClass c) {
        return violationsIn(c, true);
    }

    /** Every use of a raw factory type in the class, wherever it lies. */
    List<Violation> violationsIn(JavaClass c) {
        return violationsIn(c, false);
    }

    private List<Violation> violationsIn(JavaClass c, boolean onlyWhereApplies) {
        // the first code unit that names a raw type is found once: the full walk starts there
        JavaCodeUnit first = null;
        for (JavaCodeUnit u : c.getCodeUnits()) {
            if (touchesRaw(c, u)) {
                first = u;
                break;
            }
        }
        if (first == null && !declarationTouchesRaw(c) || onlyWhereApplies && !appliesTo(c)) {
            return List.of();
        }
        Found found = new Found();
        IntSupplier classLine = () -> firstLine(c).orElse(1);
        Optional.ofNullable(c.getRawSuperclass().orElse(null)).ifPresent(s ->
                raw(s).ifPresent(r -> found.add(violation(c, "<class>", s, r, classLine.getAsInt(), "extends " + s.getName() + rawNote(s, r)))));
        for (JavaClass i : c.getRawInterfaces()) {
            raw(i).ifPresent(r -> found.add(violation(c, "<class>", i, r, classLine.getAsInt(), "implements " + i.getName() + rawNote(i, r))));
        }
        for (JavaField f : c.getFields()) {
            for (JavaClass t : involved(f.getType())) {
                raw(t).ifPresent(r -> found.add(violation(c, f.getName(), t, r, fieldLine(c, f, classLine),
                        "has a field " + f.getName() + " of type " + t.getName() + rawNote(t, r))));
            }
        }
        boolean reached = false;
        for (JavaCodeUnit u : c.getCodeUnits()) {
            // before the first unit none names a raw type, and the first is known to
            reached |= u == first;
            if (!reached || u != first && !touchesRaw(c, u) || isWiring(u)) {
                continue;
            }
            String member = MemberNames.of(u.getName());
            int line = u.getSourceCodeLocation().getLineNumber();
            // ArchUnit hands the accesses out as sets: in a fixed order, the access a line is reported by does not
            // change with the policy or the JVM (the baseline keys on what the message says); only the few that touch
            // a raw factory are sorted, since most code units touch none
            List<JavaAccess<?>> accesses = new ArrayList<>();
            u.getMethodCallsFromSelf().forEach(a -> keepIfRaw(c, u, a, accesses));
            u.getConstructorCallsFromSelf().forEach(a -> keepIfRaw(c, u, a, accesses));
            u.getFieldAccesses().forEach(a -> keepIfRaw(c, u, a, accesses));
            u.getMethodReferencesFromSelf().forEach(a -> keepIfRaw(c, u, a, accesses));
            u.getConstructorReferencesFromSelf().forEach(a -> keepIfRaw(c, u, a, accesses));
            accesses.sort(Comparator.comparingInt((JavaAccess<?> a) -> lineOf(a)).thenComparing(JavaAccess::getDescription));
            for (JavaType p : u.getParameterTypes()) {
                for (JavaClass t : involved(p)) {
                    raw(t).ifPresent(r -> found.add(violation(c, member, t, r, line,
                            "takes a parameter of type " + t.getName() + rawNote(t, r))));
                }
            }
            for (JavaClass t : involved(u.getReturnType())) {
                raw(t).ifPresent(r -> found.add(violation(c, member, t, r, line, "returns " + t.getName() + rawNote(t, r))));
            }
            for (JavaAccess<?> a : accesses) {
                JavaClass owner = a.getTargetOwner();
                raw(owner).ifPresent(r -> found.addFirst(violation(c, member, owner, r, lineOf(a),
                        verb(a) + " " + describe(a.getTarget()) + rawNote(owner, r))));
                if (a instanceof JavaFieldAccess fa && !fa.getTarget().getOwner().equals(c)) {
                    for (JavaClass t : involved(fa.getTarget().getType())) {
                        raw(t).ifPresent(r -> found.add(violation(c, member, t, r, lineOf(a),
                                "accesses " + describe(a.getTarget()) + " of type " + t.getName() + rawNote(t, r))));
                    }
                } else {
                    JavaClass ret = returnedType(a);
                    if (ret != null) {
                        raw(ret).ifPresent(r -> found.add(violation(c, member, ret, r, lineOf(a),
                                "gets " + ret.getName() + " from " + describe(a.getTarget()) + rawNote(ret, r))));
                    }
                }
            }
            u.getReferencedClassObjects().forEach(o -> raw(o.getRawType()).ifPresent(r -> found.add(violation(c, member,
                    o.getRawType(), r, lineOf(o), "references " + o.getRawType().getName() + ".class" + rawNote(o.getRawType(), r)))));
            u.getInstanceofChecks().forEach(o -> raw(o.getRawType()).ifPresent(r -> found.add(violation(c, member,
                    o.getRawType(), r, lineOf(o), "checks instanceof " + o.getRawType().getName() + rawNote(o.getRawType(), r)))));
        }
        return found.all();
    }

    /** One violation per member, line and target: a call on a raw field is not reported again as the field read. */
    private static final class Found {
        private final Map<String, Violation> byPlace = new LinkedHashMap<>();

        void add(Violation v) {
            byPlace.putIfAbsent(v.member() + ":" + v.line() + ":" + v.target(), v);
        }

        void addFirst(Violation v) {
            byPlace.put(v.member() + ":" + v.line() + ":" + v.target(), v);
        }

        List<Violation> all() {
            List<Violation> all = new ArrayList<>(byPlace.values());
            all.sort(Violation.ORDER);
            return all;
        }
    }

    /** Keeps an access that touches a raw factory: its owner, the type of a field it reads, or what a call returns. */
    private void keepIfRaw(JavaClass c, JavaCodeUnit u, JavaAccess<?> a, List<JavaAccess<?>> kept) {
        if (isSuperConstructorCall(c, u, a)) {
            return; // reported once, as the declaration's "extends"
        }
        if (isRawAccess(c, a)) {
            kept.add(a);
        }
    }

    private boolean isRawAccess(JavaClass c, JavaAccess<?> a) {
        if (isRaw(a.getTargetOwner())) {
            return true;
        }
        if (a instanceof JavaFieldAccess fa) {
            return !fa.getTarget().getOwner().equals(c) && anyRaw(fa.getTarget().getType());
        }
        JavaClass ret = returnedType(a);
        return ret != null && isRaw(ret);
    }

    /** What a method call or reference returns; null for field accesses and constructor calls. */
    private static JavaClass returnedType(JavaAccess<?> a) {
        return !(a instanceof JavaFieldAccess) && !(a instanceof JavaConstructorCall)
                && a.getTarget() instanceof AccessTarget.CodeUnitAccessTarget target ? target.getRawReturnType() : null;
    }

    private static boolean isSuperConstructorCall(JavaClass c, JavaCodeUnit u, JavaAccess<?> a) {
        return u.isConstructor() && a instanceof JavaConstructorCall && c.getRawSuperclass().map(a.getTargetOwner()::equals).orElse(false);
    }

    private Optional<String> raw(JavaClass type) {
        return types.rawFactoryOf(type);
    }

    /** The raw types a (possibly generic) type involves; a plain class is its own and needs no walk. */
    static Set<JavaClass> involved(JavaType type) {
        return type instanceof JavaClass plain ? Set.of(plain) : type.getAllInvolvedRawTypes();
    }

    private Violation violation(JavaClass c, String member, JavaClass target, String raw, int line, String detail) {
        String source = c.getSource().flatMap(s -> s.getFileName()).orElse("");
        return new Violation(SessionRule.SG001, c.getName(), member, target.getName(), source, line,
                detail + " outside the db packages", fixHint(raw));
    }

    /** The configured source of the session type this raw factory makes, else the db packages. */
    private String fixHint(String raw) {
        return fixHints.computeIfAbsent(raw, this::computeFixHint);
    }

    private String computeFixHint(String raw) {
        return doors.sourceForRawFactory(raw).map(m -> "use " + m.asCall() + " in try-with-resources")
                .orElse("open sessions only inside the db packages (" + String.join(", ", policy.dbPackages())
                        + ") and use them in try-with-resources");
    }

    private static String rawNote(JavaClass type, String raw) {
        return type.getName().equals(raw) || type.getName().startsWith("[") ? "" : " (a subtype of " + raw + ")";
    }

    private static String verb(JavaAccess<?> a) {
        return switch (a.getClass().getSimpleName()) {
            case "JavaMethodCall" -> "calls";
            case "JavaConstructorCall" -> "constructs";
            case "JavaMethodReference", "JavaConstructorReference" -> "references";
            default -> "accesses";
        };
    }

    private static String describe(AccessTarget t) {
        if (t instanceof AccessTarget.FieldAccessTarget) {
            return t.getOwner().getName() + "." + t.getName();
        }
        return t.getOwner().getName() + "." + t.getName() + "()";
    }

    private static int lineOf(HasSourceCodeLocation h) {
        return h.getSourceCodeLocation().getLineNumber();
    }

    /** The first line of the class's code, if it has any. */
    static OptionalInt firstLine(JavaClass c) {
        return c.getCodeUnits().stream().mapToInt(u -> u.getSourceCodeLocation().getLineNumber())
                .filter(l -> l > 0).min();
    }

    /** Fields have no line in a class file: the first line that assigns the field stands in for it. */
    static int fieldLine(JavaClass c, JavaField f, IntSupplier fallback) {
        // the class's own code, not f.getAccessesToSelf(): that builds ArchUnit's reverse index of the whole import
        return c.getCodeUnits().stream().flatMap(u -> u.getFieldAccesses().stream())
                .filter(a -> a.getAccessType() == JavaFieldAccess.AccessType.SET && a.getTarget().getName().equals(f.getName())
                        && a.getTarget().getOwner().equals(c))
                .mapToInt(RawFactoryUse::lineOf).min().orElseGet(fallback);
    }
}
