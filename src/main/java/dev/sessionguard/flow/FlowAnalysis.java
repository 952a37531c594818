package dev.sessionguard.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import dev.sessionguard.policy.MethodRef;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.policy.SessionTypes;
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
    /** JDK packages of plain computation: their methods fail only on programming errors (a null, a bad index). */
    private static final List<String> JDK_COMPUTATION = List.of("java/lang/", "java/util/", "java/time/", "java/math/",
            "java/text/");
    /** ...except where they run the caller's code or reflect on it. */
    private static final List<String> JDK_CALLBACKS = List.of("java/lang/Runnable", "java/lang/reflect/",
            "java/lang/invoke/", "java/util/function/", "java/util/concurrent/Executor", "java/util/concurrent/Future",
            "java/util/concurrent/Completable", "java/util/concurrent/Callable", "java/util/concurrent/ForkJoin",
            "java/util/concurrent/ScheduledExecutor", "java/lang/Thread", "java/lang/Iterable", "java/util/stream/",
            "java/lang/AutoCloseable");

    /**
     * JDK calls whose result carries an argument on: {@code requireNonNull} returns it, a proxy wraps the invocation
     * handler that captured it ({@code owner name} to the parameter).
     */
    private static final Map<String, Integer> JDK_PASS_THROUGHS = Map.of("java/util/Objects requireNonNull", 0,
            "java/lang/reflect/Proxy newProxyInstance", 2);

    private static boolean isJdkComputation(String owner) {
        return JDK_COMPUTATION.stream().anyMatch(owner::startsWith) && JDK_CALLBACKS.stream().noneMatch(owner::startsWith);
    }

    private final SessionPolicy policy;
    private final Map<String, JavaClass> known = new HashMap<>();
    private final Map<String, JavaClass> analysed = new LinkedHashMap<>();
    private final Set<String> inferredSources = new HashSet<>();
    private final Map<String, Set<Integer>> inferredClosers = new HashMap<>();
    private final Map<String, Boolean> sourceCache = new HashMap<>();
    private final Map<String, Boolean> closerCache = new HashMap<>();
    /** Names of every source method, configured or inferred: most calls are rejected by name alone. */
    private final Set<String> sourceNames = new HashSet<>();
    /** {@code owner name} of every inferred source. */
    private final Set<String> inferredOwnerAndName = new HashSet<>();
    private final Set<String> registered = new HashSet<>();
    private final SessionTypes types;
    private final Map<String, ClassFlow> results = new HashMap<>();
    private final List<FlowWarning> warnings = new ArrayList<>();
    private final TypeHierarchy hierarchy = new TypeHierarchy(known);
    private final CallModel calls = new Calls();
    private final ThrowSummaries summaries = new ThrowSummaries(this::bodiesOf, calls);
    private final Map<String, Set<String>> thrownCache = new HashMap<>();
    /** {@code owner name(desc)} of bodies read for pass-through, and the parameter each returns (or none). */
    private final Map<String, Integer> passThroughs = new HashMap<>();
    /** What {@link CallModel#returnsArgument} answered, per call: it is asked for every call on every path. */
    private final Map<String, Integer> returnedArguments = new HashMap<>();

    /** The per-class outcome: SG002/SG003 findings, session stores into fields, methods not analysed. */
    public record ClassFlow(List<SessionFinding> findings, List<FieldStore> fieldStores, List<FlowWarning> warnings,
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
            if (!MethodFlow.ofSources(node, calls).isSource()) {
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
                            if (MethodFlow.ofParameter(node, calls, p).closes()) {
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

    /**
     * Which parameter a body returns on every normal path, itself or wrapped (a proxy, a decorator, {@code this} of a
     * fluent method): the caller's session lives on in the result. Learnt on first use, when a call carries an open
     * session; a recursive pass-through is none.
     */
    private int passThroughOf(ThrowSummaries.Body body) {
        MethodNode m = body.method();
        String k = key(body.owner(), m.name, m.desc);
        Integer known = passThroughs.get(k);
        if (known != null) {
            return known;
        }
        passThroughs.put(k, CallModel.NO_ARGUMENT);
        int found = CallModel.NO_ARGUMENT;
        Type ret = Type.getReturnType(m.desc);
        if (ret.getSort() == Type.OBJECT && isSessionTypeName(ret.getInternalName())) {
            Type[] args = Type.getArgumentTypes(m.desc);
            boolean fluent = (m.access & Opcodes.ACC_STATIC) == 0 && isSessionTypeName(body.owner());
            for (int p = fluent ? MethodFlow.RECEIVER : 0; p < args.length && found == CallModel.NO_ARGUMENT; p++) {
                if (p == MethodFlow.RECEIVER || args[p].getSort() == Type.OBJECT && (isSessionTypeName(args[p].getInternalName())
                        || CLOSEABLE.contains(args[p].getClassName()))) {
                    if (MethodFlow.ofParameter(m, calls, p).passesThrough()) {
                        found = p;
                    }
                }
            }
        }
        passThroughs.put(k, found);
        return found;
    }

    private boolean isHolderType(String internalName) {
        if (isSessionTypeName(internalName)) {
            return true;
        }
        if (internalName.startsWith("java/sql/") || internalName.startsWith("javax/sql/")) {
            return false;
        }
        JavaClass c = known.get(internalName.replace('/', '.'));
        return c != null && !c.getName().equals("java.lang.Object") && c.isAssignableTo(AutoCloseable.class);
    }

    private boolean isSessionTypeName(String internalName) {
        JavaClass c = known.get(internalName.replace('/', '.'));
        return c != null ? isSessionType(c) : policy.sessionTypes().contains(internalName.replace('/', '.'));
    }

    /** Makes the owners of a class's calls known, for assignability checks of the calls it makes. */
    private void register(JavaClass c) {
        if (registered.add(c.getName())) {
            c.getCodeUnitCallsFromSelf().forEach(call -> known.putIfAbsent(call.getTargetOwner().getName(), call.getTargetOwner()));
            for (JavaCodeUnit u : c.getCodeUnits()) {
                u.getTryCatchBlocks().forEach(t -> t.getCaughtThrowables().forEach(e -> known.putIfAbsent(e.getName(), e)));
                u.getThrowsClause().getTypes().forEach(e -> known.putIfAbsent(e.getName(), e));
            }
        }
    }

    private ClassFlow analyse(JavaClass c) {
        List<SessionFinding> findings = new ArrayList<>();
        List<FieldStore> stores = new ArrayList<>();
        List<FlowWarning> classWarnings = new ArrayList<>();
        if (!mayOpenSessions(c)) {
            return new ClassFlow(findings, stores, classWarnings, 0);
        }
        register(c);
        Optional<ClassNode> node = inferenceNodes.computeIfAbsent(c.getName(), n -> classNode(c));
        if (node.isEmpty()) {
            FlowWarning w = new FlowWarning(c.getName(), "<class>", "its class file could not be read");
            warnings.add(w);
            classWarnings.add(w);
            return new ClassFlow(findings, stores, classWarnings, 0);
        }
        int guarded = 0;
        for (MethodNode m : node.get().methods) {
            if (m.instructions.size() == 0 || !hasSourceCall(m)) {
                continue;
            }
            MethodFlow.Sessions r = MethodFlow.ofSources(m, calls);
            if (r.failure() != null) {
                FlowWarning w = new FlowWarning(c.getName(), MemberNames.of(m.name), r.failure());
                warnings.add(w);
                classWarnings.add(w);
                continue;
            }
            stores.addAll(r.fieldStores());
            for (int site = 0; site < r.sites().size(); site++) {
                MethodFlow.Site s = r.sites().get(site);
                MethodFlow.Leak leak = r.leaks().get(site);
                MethodFlow.Escape escape = r.escapes().get(site);
                boolean raw = isRawPresetSource((MethodInsnNode) m.instructions.get(s.insn()));
                if (leak != null) {
                    findings.add(new SessionFinding(SessionFinding.Kind.LEAK, m.name, s.call(), s.line(), raw,
                            leak.loss(), null, 0));
                } else if (escape != null && r.closeLines().containsKey(site)) {
                    findings.add(new SessionFinding(SessionFinding.Kind.CLOSE_NOT_GUARANTEED, m.name, s.call(), s.line(),
                            raw, null, escape.escape(), r.closeLines().get(site)));
                } else if (r.closeLines().containsKey(site)) {
                    guarded++;
                }
            }
        }
        return new ClassFlow(findings, stores, classWarnings, guarded);
    }

    /** Whether a source call is one of a preset's raw factory methods rather than a source of the project's own. */
    private boolean isRawPresetSource(MethodInsnNode call) {
        return !inferredSources.contains(declaringKey(call)) && policy.presets().stream()
                .flatMap(p -> p.sessionSources().stream())
                .anyMatch(ref -> ref.methodName().equals(call.name) && assignable(call.owner, ref.ownerType()));
    }

    private boolean mayOpenSessions(JavaClass c) {
        // per code unit: the class-wide set of calls is built anew on every request
        for (JavaCodeUnit u : c.getCodeUnits()) {
            for (JavaMethodCall call : u.getMethodCallsFromSelf()) {
                if (!sourceNames.contains(call.getName())) {
                    continue;
                }
                String owner = internal(call.getTargetOwner());
                if (inferredOwnerAndName.contains(owner + " " + call.getName()) || isConfiguredSource(owner, call.getName())) {
                    return true;
                }
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
            return inferredSources.contains(declaringKey(call)) || isConfiguredSource(call.owner, call.name);
        }

        /**
         * A call to the analysed code throws what its body lets escape (a may-throw summary); a library method reports
         * failure through what it declares, so one that declares checked exceptions throws those, and one that declares
         * none may throw unchecked exceptions (Hibernate's, JPA's and MyBatis's style). Constructing an exception and
         * logging throw nothing worth a path.
         */
        @Override
        public Set<String> thrownBy(MethodInsnNode call) {
            String k = key(call.owner, call.name, call.desc);
            Set<String> known = thrownCache.get(k);
            if (known != null) {
                return known;
            }
            if (summaries.inProgress(call)) {
                // a recursive call: what it declares, until its own summary is known
                summaries.cutShort();
                return declaredBy(call);
            }
            int cuts = summaries.cuts();
            Set<String> thrown;
            if (constructsThrowable(call) || isLogging(call)) {
                thrown = Set.of();
            } else if (isJdkComputation(call.owner)) {
                Set<String> declared = declaredBy(call);
                thrown = declared.equals(Set.of(CallModel.UNCHECKED)) ? Set.of() : declared;
            } else {
                thrown = summaries.of(call).orElseGet(() -> declaredBy(call));
            }
            if (summaries.cuts() == cuts || !summaries.nested()) {
                // an answer cut short depends on the depth it was asked at: kept only when asked first-hand
                thrownCache.put(k, thrown);
            }
            return thrown;
        }

        /**
         * What a library method declares: its checked exceptions if it declares any, else an unchecked exception;
         * anything when the method cannot be resolved.
         */
        private Set<String> declaredBy(MethodInsnNode call) {
            Optional<JavaCodeUnit> unit = resolve(call);
            if (unit.isEmpty()) {
                return Set.of(CallModel.ANY);
            }
            Set<String> checked = new java.util.TreeSet<>();
            for (JavaClass t : unit.get().getThrowsClause().getTypes()) {
                known.putIfAbsent(t.getName(), t);
                if (!t.isAssignableTo(RuntimeException.class) && !t.isAssignableTo(Error.class)) {
                    checked.add(internal(t));
                }
            }
            return checked.isEmpty() ? Set.of(CallModel.UNCHECKED) : Set.copyOf(checked);
        }

        private Optional<JavaCodeUnit> resolve(MethodInsnNode call) {
            JavaClass owner = known.get(call.owner.replace('/', '.'));
            if (owner == null) {
                return Optional.empty();
            }
            List<JavaCodeUnit> units = new ArrayList<>(owner.getAllMethods());
            units.addAll(owner.getConstructors());
            for (JavaCodeUnit u : units) {
                if (u.getName().equals(call.name) && descriptorOf(u).equals(call.desc)) {
                    return Optional.of(u);
                }
            }
            return Optional.empty();
        }

        /**
         * Logging fails only on a programming error: a session is not left open by a log call in a catch block, and no
         * reviewer accepts a report that says so. Loggers are known by their type's name (SLF4J, JUL, Commons
         * Logging, Log4j, and a project's own {@code Log}).
         */
        private boolean isLogging(MethodInsnNode call) {
            String simple = call.owner.substring(call.owner.lastIndexOf('/') + 1);
            return simple.endsWith("Logger") || simple.endsWith("Log");
        }

        @Override
        public Catch catches(String catchType, String thrown) {
            // Errors are never followed, so a handler of Exception catches whatever is followed
            if (catchType == null || catchType.equals(thrown) || catchType.equals("java/lang/Throwable")
                    || catchType.equals(CallModel.ANY)) {
                return Catch.ALL;
            }
            Boolean caught = hierarchy.isSubtype(thrown, catchType);
            if (Boolean.TRUE.equals(caught)) {
                return Catch.ALL;
            }
            Boolean narrower = hierarchy.isSubtype(catchType, thrown);
            if (caught == null || narrower == null || narrower) {
                return Catch.SOME;
            }
            return Catch.NONE;
        }

        private boolean constructsThrowable(MethodInsnNode call) {
            return call.name.equals("<init>") && Boolean.TRUE.equals(hierarchy.isSubtype(call.owner, "java/lang/Throwable"));
        }

        @Override
        public int returnsArgument(MethodInsnNode call) {
            // not computeIfAbsent: learning a pass-through reads the callee, which asks again for its own calls
            String k = key(call.owner, call.name, call.desc);
            Integer known = returnedArguments.get(k);
            if (known == null) {
                known = passedThrough(call);
                returnedArguments.put(k, known);
            }
            return known;
        }

        private int passedThrough(MethodInsnNode call) {
            Integer jdk = JDK_PASS_THROUGHS.get(call.owner + " " + call.name);
            if (jdk != null) {
                return jdk;
            }
            // a call passes through when every body it may run (overrides of a virtual call too) does, on one parameter
            Set<Integer> each = new HashSet<>();
            for (ThrowSummaries.Body b : bodiesOf(call)) {
                each.add(passThroughOf(b));
            }
            if (each.size() == 1 && each.iterator().next() >= MethodFlow.RECEIVER) {
                return each.iterator().next();
            }
            return decoratorParameter(call);
        }

        /**
         * A method that takes a session and returns a session or another AutoCloseable is taken for a decorator or a
         * holder's factory (a proxy, a {@code Database} around a connection): what it returns owns what it was given,
         * as a constructor's new object does. JDBC statements and result sets never own their connection.
         */
        private int decoratorParameter(MethodInsnNode call) {
            Type ret = Type.getReturnType(call.desc);
            if (ret.getSort() != Type.OBJECT || !isHolderType(ret.getInternalName()) || isSource(call)) {
                return CallModel.NO_ARGUMENT;
            }
            Type[] args = Type.getArgumentTypes(call.desc);
            for (int a = 0; a < args.length; a++) {
                if (args[a].getSort() == Type.OBJECT && isHolderType(args[a].getInternalName())) {
                    return a;
                }
            }
            return CallModel.NO_ARGUMENT;
        }


        @Override
        public boolean closesArgument(MethodInsnNode call, int index) {
            Set<Integer> inferred = inferredClosers.get(declaringKey(call));
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

    /**
     * Class files read for inference and summaries. Inference reads each candidate class several times (pass-throughs,
     * sources, closers), so the cache is cleared only once inference is done; later it holds the callees of summaries.
     */
    private final Map<String, Optional<ClassNode>> inferenceNodes = new HashMap<>();

    /**
     * The bodies a call of the analysed code may run: the method it resolves to (declared by its owner or an analysed
     * superclass) and, for a virtual call, every override among the analysed classes. None when there are too many
     * overrides to read, as for a library method.
     */
    private List<ThrowSummaries.Body> bodiesOf(MethodInsnNode call) {
        JavaClass owner = analysed.get(call.owner.replace('/', '.'));
        List<ThrowSummaries.Body> implementations = new ArrayList<>();
        declaringClass(call).ifPresent(c -> declared(c, call.name, call.desc).filter(m -> m.instructions.size() > 0)
                .ifPresent(m -> implementations.add(new ThrowSummaries.Body(internal(c), m))));
        boolean virtual = call.getOpcode() == Opcodes.INVOKEVIRTUAL || call.getOpcode() == Opcodes.INVOKEINTERFACE;
        if (owner == null || !virtual && !implementations.isEmpty()) {
            return implementations;
        }
        // a virtual call may run any override the analysed code has; past a handful, it is read as a library call
        List<JavaClass> overriding = implementationsOf(owner).stream().filter(impl -> impl.getCodeUnits().stream()
                .anyMatch(u -> u.getName().equals(call.name) && descriptorOf(u).equals(call.desc))).toList();
        if (overriding.size() > MAX_OVERRIDES) {
            return List.of();
        }
        for (JavaClass impl : overriding) {
            declared(impl, call.name, call.desc).filter(m -> m.instructions.size() > 0)
                    .ifPresent(m -> implementations.add(new ThrowSummaries.Body(internal(impl), m)));
        }
        return implementations;
    }

    /** How many overrides a virtual call may have for its bodies to be read (a call with more counts as a library's). */
    private static final int MAX_OVERRIDES = 16;

    /** Analysed classes by every supertype they have; built on first use. */
    private Map<String, List<JavaClass>> implementations;
    private final Map<String, Optional<JavaClass>> declaringClasses = new HashMap<>();

    /** The analysed class that declares the method a call resolves to: its owner or an analysed superclass. */
    private Optional<JavaClass> declaringClass(MethodInsnNode call) {
        return declaringClasses.computeIfAbsent(key(call.owner, call.name, call.desc), k -> {
            JavaClass c = analysed.get(call.owner.replace('/', '.'));
            while (c != null) {
                if (c.getCodeUnits().stream().anyMatch(m -> m.getName().equals(call.name) && descriptorOf(m).equals(call.desc))) {
                    return Optional.of(c);
                }
                c = c.getRawSuperclass().map(sc -> analysed.get(sc.getName())).orElse(null);
            }
            return Optional.empty();
        });
    }

    /** The key of the method a call resolves to: a call through a subclass names the subclass as its owner. */
    private String declaringKey(MethodInsnNode call) {
        return key(declaringClass(call).map(FlowAnalysis::internal).orElse(call.owner), call.name, call.desc);
    }

    private List<JavaClass> implementationsOf(JavaClass type) {
        if (implementations == null) {
            // one pass over the hierarchy of every analysed class, not one scan of all classes per called type
            implementations = new HashMap<>();
            for (JavaClass c : analysed.values()) {
                if (!c.isInterface()) {
                    for (JavaClass sup : c.getAllRawSuperclasses()) {
                        implementations.computeIfAbsent(sup.getName(), k -> new ArrayList<>()).add(c);
                    }
                    for (JavaClass sup : c.getAllRawInterfaces()) {
                        implementations.computeIfAbsent(sup.getName(), k -> new ArrayList<>()).add(c);
                    }
                }
            }
        }
        return implementations.getOrDefault(type.getName(), List.of());
    }

    private Optional<MethodNode> declared(JavaClass c, String name, String desc) {
        // the imported model answers most of these without reading the class file
        if (!analysed.containsKey(c.getName()) || c.getCodeUnits().stream().noneMatch(u -> u.getName().equals(name))) {
            return Optional.empty();
        }
        register(c);
        Optional<ClassNode> node = inferenceNodes.computeIfAbsent(c.getName(), n -> classNode(c));
        return node.flatMap(cn -> cn.methods.stream().filter(m -> m.name.equals(name) && m.desc.equals(desc)).findFirst());
    }

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
