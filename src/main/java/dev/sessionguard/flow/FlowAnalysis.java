package dev.sessionguard.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import dev.sessionguard.policy.MethodRef;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.policy.SessionTypes;
import dev.sessionguard.rules.SessionRule;
import dev.sessionguard.rules.Violation;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bytecode data-flow analysis behind SG002 and SG003, over one import: which methods are sources and closers
 * (configured, or inferred from the analysed code), and per class the sessions that leak. Results per class are
 * computed once and shared by the rules.
 */
public final class FlowAnalysis {
    private static final List<MethodRef> LANGUAGE_CLOSERS = List.of(
            MethodRef.of("kotlin.io.CloseableKt", "closeFinally"),
            MethodRef.of("kotlin.AutoCloseableKt", "closeFinally"),
            MethodRef.of("kotlin.jdk7.AutoCloseableKt", "closeFinally"));
    private static final Set<String> CLOSEABLE = Set.of("java.lang.AutoCloseable", "java.io.Closeable");

    private final SessionPolicy policy;
    private final Map<String, JavaClass> known = new HashMap<>();
    private final Map<String, JavaClass> analysed = new LinkedHashMap<>();
    private final Set<String> inferredSources = new HashSet<>();
    private final Map<String, Set<Integer>> inferredClosers = new HashMap<>();
    private final Map<String, Boolean> sourceCache = new HashMap<>();
    private final Map<String, Boolean> closerCache = new HashMap<>();
    private final Map<String, Boolean> checkedCache = new HashMap<>();
    /** Names of every source method, configured or inferred: most calls are rejected by name alone. */
    private final Set<String> sourceNames = new HashSet<>();
    /** {@code owner name} of every inferred source. */
    private final Set<String> inferredOwnerAndName = new HashSet<>();
    private final Set<String> registered = new HashSet<>();
    private final SessionTypes types;
    private final Map<String, ClassFlow> results = new HashMap<>();
    private final List<FlowWarning> warnings = new ArrayList<>();
    private final CallModel calls = new Calls();

    /** The per-class outcome: SG002/SG003 violations, session stores into fields, methods not analysed. */
    public record ClassFlow(List<Violation> violations, List<FieldStore> fieldStores, List<FlowWarning> warnings,
                            int guardedSessions) {
    }

    public FlowAnalysis(SessionPolicy policy, Collection<JavaClass> classes) {
        this.policy = policy;
        this.types = new SessionTypes(policy);
        for (JavaClass c : classes) {
            analysed.put(c.getName(), c);
            known.put(c.getName(), c);
        }
        policy.sessionSources().forEach(m -> sourceNames.add(m.methodName()));
        inferSources();
        inferClosers();
        inferenceNodes.clear();
    }

    /** Methods of the analysed code found to return a fresh session on all paths, as {@code Type#method}. */
    public Set<String> inferredSources() {
        return names(inferredSources);
    }

    /** Methods of the analysed code found to close a parameter on all paths, as {@code Type#method}. */
    public Set<String> inferredClosers() {
        return names(inferredClosers.keySet());
    }

    /** {@code owner name(desc)} keys as {@code Type#method}. */
    private static Set<String> names(Collection<String> keys) {
        Set<String> names = new HashSet<>();
        keys.forEach(k -> names.add(k.substring(0, k.indexOf('(')).replace('/', '.').replace(' ', '#')));
        return names;
    }

    /** Every method that could not be analysed so far. */
    public List<FlowWarning> warnings() {
        return List.copyOf(warnings);
    }

    /** The analysis of one class, computed on first request. */
    public synchronized ClassFlow of(JavaClass c) {
        return results.computeIfAbsent(c.getName(), n -> analyse(c));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static String key(String owner, String name, String desc) {
        return owner + " " + name + desc;
    }

    private boolean isSessionType(JavaClass type) {
        return types.sessionTypeOf(type).isPresent();
    }

    private boolean callsSomethingNamed(JavaCodeUnit u, Set<String> names) {
        for (JavaMethodCall call : u.getMethodCallsFromSelf()) {
            if (names.contains(call.getName())) {
                return true;
            }
        }
        return false;
    }

    private interface Learner {
        /** Analyses one candidate; true when it learnt something new about it. */
        boolean learn(JavaMethod method, String key, MethodNode node);
    }

    /**
     * Re-analyses the candidates until nothing new is learnt, since inference is transitive (a wrapper of a wrapper).
     * A candidate is read only if it calls a method of one of the {@code names}, which the learner may extend.
     */
    private void untilNothingNew(java.util.function.Predicate<JavaMethod> isCandidate,
                                 java.util.function.Predicate<String> known, Set<String> names, Learner learner) {
        List<JavaMethod> candidates = new ArrayList<>();
        analysed.values().forEach(c -> c.getMethods().stream().filter(isCandidate).forEach(candidates::add));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (JavaMethod m : candidates) {
                String k = key(internal(m.getOwner()), m.getName(), descriptorOf(m));
                if (known.test(k) || !callsSomethingNamed(m, names)) {
                    continue;
                }
                Optional<MethodNode> node = methodNode(m.getOwner(), m.getName(), descriptorOf(m));
                if (node.isPresent()) {
                    register(m.getOwner());
                    changed |= learner.learn(m, k, node.get());
                }
            }
        }
    }

    private void inferSources() {
        untilNothingNew(m -> isSessionType(m.getRawReturnType()), inferredSources::contains, sourceNames, (m, k, node) -> {
            MethodFlow.Result r = MethodFlow.ofSources(internal(m.getOwner()), node, calls);
            if (r.failure != null || !r.returns || !r.returnsOnlyFreshSessions || r.sites.isEmpty()) {
                return false;
            }
            inferredSources.add(k);
            inferredOwnerAndName.add(internal(m.getOwner()) + " " + m.getName());
            sourceNames.add(m.getName());
            sourceCache.clear();
            return true;
        });
    }

    private boolean isClosable(JavaClass parameter) {
        return isSessionType(parameter) || CLOSEABLE.contains(parameter.getName());
    }

    private void inferClosers() {
        Set<String> closeNames = new HashSet<>(Set.of("close"));
        policy.closers().forEach(m -> closeNames.add(m.methodName()));
        LANGUAGE_CLOSERS.forEach(m -> closeNames.add(m.methodName()));
        untilNothingNew(m -> m.getRawParameterTypes().stream().anyMatch(this::isClosable), inferredClosers::containsKey,
                closeNames, (m, k, node) -> {
                    Set<Integer> closed = new HashSet<>();
                    List<JavaClass> params = m.getRawParameterTypes();
                    for (int p = 0; p < params.size(); p++) {
                        if (isClosable(params.get(p))) {
                            MethodFlow.Result r = MethodFlow.ofParameter(internal(m.getOwner()), node, calls, p);
                            if (r.failure == null && r.paramReachedExit && r.paramClosedOnAllPaths) {
                                closed.add(p);
                            }
                        }
                    }
                    if (closed.isEmpty()) {
                        return false;
                    }
                    inferredClosers.put(k, closed);
                    closeNames.add(m.getName());
                    closerCache.clear();
                    return true;
                });
    }

    /** Makes the owners of a class's calls known, for assignability checks of the calls it makes. */
    private void register(JavaClass c) {
        if (registered.add(c.getName())) {
            c.getCodeUnitCallsFromSelf().forEach(call -> known.putIfAbsent(call.getTargetOwner().getName(), call.getTargetOwner()));
        }
    }

    private ClassFlow analyse(JavaClass c) {
        List<Violation> violations = new ArrayList<>();
        List<FieldStore> stores = new ArrayList<>();
        List<FlowWarning> classWarnings = new ArrayList<>();
        if (!mayOpenSessions(c)) {
            return new ClassFlow(violations, stores, classWarnings, 0);
        }
        register(c);
        Optional<ClassNode> node = classNode(c);
        if (node.isEmpty()) {
            FlowWarning w = new FlowWarning(c.getName(), "<class>", "its class file could not be read");
            warnings.add(w);
            classWarnings.add(w);
            return new ClassFlow(violations, stores, classWarnings, 0);
        }
        String source = c.getSource().flatMap(s -> s.getFileName()).orElse("");
        int guarded = 0;
        for (MethodNode m : node.get().methods) {
            if (m.instructions.size() == 0 || !hasSourceCall(m)) {
                continue;
            }
            MethodFlow.Result r = MethodFlow.ofSources(node.get().name, m, calls);
            String member = Violation.memberOf(m.name);
            if (r.failure != null) {
                FlowWarning w = new FlowWarning(c.getName(), member, r.failure);
                warnings.add(w);
                classWarnings.add(w);
                continue;
            }
            stores.addAll(r.fieldStores);
            for (int site = 0; site < r.sites.size(); site++) {
                MethodFlow.Site s = r.sites.get(site);
                MethodFlow.Leak leak = r.leaks.get(site);
                MethodFlow.Escape escape = r.escapes.get(site);
                if (leak != null) {
                    violations.add(new Violation(SessionRule.SG002, c.getName(), member, s.call(), source, s.line(),
                            "opens a session with " + s.call() + " that " + leak.how(), leakFix(s)));
                } else if (escape != null && r.closeLines.containsKey(site)) {
                    violations.add(new Violation(SessionRule.SG003, c.getName(), member, s.call(), source, s.line(),
                            "opens a session with " + s.call() + " whose close is not guaranteed: " + escape.thrower()
                                    + " at line " + escape.line() + " skips close() at line " + r.closeLines.get(site),
                            leakFix(s)));
                } else if (r.closeLines.containsKey(site)) {
                    guarded++;
                }
            }
        }
        violations.sort(Violation.ORDER);
        return new ClassFlow(violations, stores, classWarnings, guarded);
    }

    private String leakFix(MethodFlow.Site s) {
        String call = policy.managedAccessor().map(MethodRef::asCall).orElse(s.call());
        return "use try-with-resources: try (var session = " + call + ") { ... }";
    }

    private boolean mayOpenSessions(JavaClass c) {
        for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
            if (!sourceNames.contains(call.getName())) {
                continue;
            }
            String owner = internal(call.getTargetOwner());
            if (inferredOwnerAndName.contains(owner + " " + call.getName()) || isConfiguredSource(owner, call.getName())) {
                return true;
            }
        }
        return false;
    }

    private boolean hasSourceCall(MethodNode m) {
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof MethodInsnNode call && calls.isSource(call)) {
                return true;
            }
        }
        return false;
    }

    private boolean isConfiguredSource(String owner, String name) {
        return sourceCache.computeIfAbsent(owner + " " + name, k -> {
            for (MethodRef ref : policy.sessionSources()) {
                if (ref.methodName().equals(name) && assignable(owner, ref.ownerType())) {
                    return true;
                }
            }
            return false;
        });
    }

    private boolean assignable(String internalOwner, String type) {
        String name = internalOwner.replace('/', '.');
        if (name.equals(type)) {
            return true;
        }
        JavaClass c = known.get(name);
        return c != null && c.isAssignableTo(type);
    }

    private final class Calls implements CallModel {
        @Override
        public boolean isSource(MethodInsnNode call) {
            if (!sourceNames.contains(call.name)) {
                return false;
            }
            if (policy.containerManaged().stream().anyMatch(m -> m.methodName().equals(call.name)
                    && assignable(call.owner, m.ownerType()))) {
                return false;
            }
            return inferredSources.contains(key(call.owner, call.name, call.desc)) || isConfiguredSource(call.owner, call.name);
        }

        @Override
        public boolean mayThrowChecked(MethodInsnNode call) {
            return checkedCache.computeIfAbsent(key(call.owner, call.name, call.desc), k -> {
                JavaClass owner = known.get(call.owner.replace('/', '.'));
                if (owner == null) {
                    return true;
                }
                List<JavaCodeUnit> units = new ArrayList<>(owner.getAllMethods());
                units.addAll(owner.getAllConstructors());
                for (JavaCodeUnit u : units) {
                    if (u.getName().equals(call.name) && descriptorOf(u).equals(call.desc)) {
                        return u.getThrowsClause().getTypes().stream()
                                .anyMatch(t -> !t.isAssignableTo(RuntimeException.class) && !t.isAssignableTo(Error.class));
                    }
                }
                return true;
            });
        }

        @Override
        public boolean constructsThrowable(MethodInsnNode call) {
            if (!call.name.equals("<init>")) {
                return false;
            }
            JavaClass owner = known.get(call.owner.replace('/', '.'));
            return owner != null && owner.isAssignableTo(Throwable.class);
        }

        @Override
        public boolean closesArgument(MethodInsnNode call, int index) {
            Set<Integer> inferred = inferredClosers.get(key(call.owner, call.name, call.desc));
            if (inferred != null && inferred.contains(index)) {
                return true;
            }
            return closerCache.computeIfAbsent(call.owner + " " + call.name, k -> {
                for (MethodRef ref : policy.closers()) {
                    if (ref.methodName().equals(call.name) && assignable(call.owner, ref.ownerType())) {
                        return true;
                    }
                }
                for (MethodRef ref : LANGUAGE_CLOSERS) {
                    if (ref.methodName().equals(call.name) && call.owner.replace('/', '.').equals(ref.ownerType())) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private final Map<String, Optional<ClassNode>> inferenceNodes = new HashMap<>();

    private Optional<MethodNode> methodNode(JavaClass owner, String name, String desc) {
        Optional<ClassNode> node = inferenceNodes.computeIfAbsent(owner.getName(), n -> classNode(owner));
        return node.flatMap(cn -> cn.methods.stream().filter(m -> m.name.equals(name) && m.desc.equals(desc)).findFirst());
    }

    private static Optional<ClassNode> classNode(JavaClass c) {
        if (c.getSource().isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = c.getSource().get().getUri().toURL().openStream()) {
            ClassNode node = new ClassNode(Opcodes.ASM9);
            new ClassReader(in).accept(node, ClassReader.SKIP_FRAMES);
            return Optional.of(node);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static String internal(JavaClass c) {
        return c.getName().replace('.', '/');
    }

    static String descriptorOf(JavaCodeUnit m) {
        StringBuilder d = new StringBuilder("(");
        m.getRawParameterTypes().forEach(p -> d.append(descriptor(p)));
        return d.append(')').append(descriptor(m.getRawReturnType())).toString();
    }

    static String descriptor(JavaClass c) {
        if (c.isArray()) {
            return "[" + descriptor(c.getComponentType());
        }
        if (c.isPrimitive()) {
            return Type.getType(c.reflect()).getDescriptor();
        }
        return "L" + internal(c) + ";";
    }
}
