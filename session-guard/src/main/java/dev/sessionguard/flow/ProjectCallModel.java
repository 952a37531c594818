package dev.sessionguard.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import dev.sessionguard.policy.CallFacts;
import dev.sessionguard.policy.MethodRef;
import dev.sessionguard.policy.Preset;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.policy.SessionResult;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The call model of one import, stated as principles (the README's "flow model"):
 * <ul>
 *   <li>a call throws the checked exceptions it declares, and the unchecked ones it declares that are not
 *       {@linkplain CallFacts#PROGRAMMING_ERRORS programming errors} (Spring's {@code DataAccessException});</li>
 *   <li>a call on a type that signals ordinary failure unchecked ({@link SessionPolicy#uncheckedFailureTypes()}: the
 *       presets' session APIs, configured session types) may also throw an unchecked exception;</li>
 *   <li>a call whose body can be read (analysed code, a library on the class path) throws what that body lets escape,
 *       summarised on demand, bounded and cached; a {@code throw} of a programming error lets nothing escape; the
 *       analysed code's own bodies go before the rule above;</li>
 *   <li>a call whose body cannot be read (the JDK, an interface of a library) throws what it declares; JDK calls that
 *       run the caller's code ({@link CallFacts#CALLBACK_TYPES}) may throw unchecked exceptions too;</li>
 *   <li>constructing an exception and logging throw nothing worth a path.</li>
 * </ul>
 */
final class ProjectCallModel implements CallModel {
    private final SessionPolicy policy;
    private final IndexedCode code;
    private final Inference inference;
    private final ThrowSummaries summaries;
    private final Map<String, Boolean> sourceCache = new HashMap<>();
    private final Map<String, Boolean> resultCache = new HashMap<>();
    private final Map<String, Boolean> closerCache = new HashMap<>();
    private final Map<String, Set<String>> closeDelegates = new HashMap<>();
    private final Map<String, Boolean> unitsOfWork = new HashMap<>();
    private final Map<String, Boolean> fieldGetters = new HashMap<>();
    private final Map<String, Boolean> uncheckedCache = new HashMap<>();
    private final Map<String, Boolean> programmingErrors = new HashMap<>();
    private final Map<String, Boolean> keeperCache = new HashMap<>();
    private final Map<String, Boolean> pipelineCache = new HashMap<>();
    private final Map<String, Boolean> reactiveSessionCache = new HashMap<>();
    /** No reactive preset: no type is a pipeline, and nothing is asked per call. */
    private final boolean pipelinesAbsent;
    /**
     * How deep parameter fates nest: one level more than throw summaries, for a hand-over chain is a call longer than
     * the helpers it runs (liquibase's connection, wrapped by a JdbcConnection, a Database and a Liquibase, is closed by
     * the outermost close four calls down).
     */
    static final int FATE_DEPTH_LIMIT = ThrowSummaries.DEPTH_LIMIT + 1;
    /** The parameter fates being computed (takes, closes the receiver). */
    private final BoundedRecursion fateRecursion;
    /** What calls throw, what they do with a parameter, what a function given a session does with it. */
    private final BoundedAnswers<Set<String>> thrown;
    private final BoundedAnswers<Boolean> fates;
    private final BoundedAnswers<MethodFlow.ParameterFate> lambdaFates;
    private final BoundedAnswers<Boolean> lambdaClosers;
    /** What {@link #returnsArgument} answered, per call: it is asked for every call that carries an open session. */
    private final BoundedAnswers<Integer> returned;

    ProjectCallModel(SessionPolicy policy, IndexedCode code, Inference inference) {
        this.policy = policy;
        this.code = code;
        this.inference = inference;
        this.summaries = new ThrowSummaries(code::bodiesOf, this);
        this.fateRecursion = summaries.recursion().sibling(FATE_DEPTH_LIMIT);
        List<BoundedRecursion> both = List.of(summaries.recursion(), fateRecursion);
        this.thrown = new BoundedAnswers<>(both);
        this.fates = new BoundedAnswers<>(both);
        this.lambdaFates = new BoundedAnswers<>(both);
        this.lambdaClosers = new BoundedAnswers<>(both);
        this.returned = new BoundedAnswers<>(both);
        this.pipelinesAbsent = policy.presets().stream().noneMatch(Preset::isReactive);
    }

    @Override
    public boolean isSource(MethodInsnNode call) {
        if (!inference.isSourceName(call.name) && !inference.mayReturnResultOfAnyName(call.desc)) {
            return false;
        }
        String returned = Type.getReturnType(call.desc).getInternalName();
        if (policy.containerManaged().stream().anyMatch(m -> m.methodName().equals(call.name)
                && code.assignable(call.owner, m.ownerType()))) {
            return false;
        }
        if (isConfiguredSource(call.owner, call.name) && overridesWithAFieldGetter(call)) {
            return false;
        }
        return inference.isInferredSource(code.declaringKey(call)) || isConfiguredSource(call.owner, call.name)
                || isResult(call.owner, call.name, returned, call.itf);
    }

    /**
     * Whether the call runs an override of a configured source that returns what a field of its object holds on every
     * path (a lazy holder: {@code if (conn == null) conn = super.getConnection(); return conn;}): it hands out the
     * object's session, not a new one, so it is no source; the field is judged where it is filled.
     */
    private boolean overridesWithAFieldGetter(MethodInsnNode call) {
        return fieldGetters.computeIfAbsent(code.declaringKey(call), k -> code.declaringClass(call)
                .filter(c -> policy.sessionSources().stream().noneMatch(ref -> ref.ownerType().equals(c.getName())))
                .flatMap(c -> code.methodNode(c, call.name, call.desc))
                .map(ProjectCallModel::returnsOnlyItsOwnField).orElse(false));
    }

    private static boolean returnsOnlyItsOwnField(MethodNode m) {
        if ((m.access & Opcodes.ACC_STATIC) != 0) {
            return false;
        }
        boolean any = false;
        for (AbstractInsnNode insn : m.instructions) {
            if (insn.getOpcode() != Opcodes.ARETURN) {
                continue;
            }
            AbstractInsnNode read = previous(insn);
            AbstractInsnNode receiver = read == null ? null : previous(read);
            if (read == null || read.getOpcode() != Opcodes.GETFIELD || receiver == null
                    || receiver.getOpcode() != Opcodes.ALOAD || ((VarInsnNode) receiver).var != 0) {
                return false;
            }
            any = true;
        }
        return any;
    }

    private static AbstractInsnNode previous(AbstractInsnNode insn) {
        AbstractInsnNode p = insn.getPrevious();
        while (p != null && p.getOpcode() < 0) {
            p = p.getPrevious();
        }
        return p;
    }

    /**
     * Whether a call hands out a session-bearing result ({@link SessionPolicy#sessionResults()}): by name and owner, or,
     * for a result of any name, by the type it returns and its owner (a repository) or by being an interface's (a mapper).
     */
    boolean isResult(String owner, String name, String returnedInternalName, boolean onInterface) {
        return resultCache.computeIfAbsent(owner + " " + name + " " + returnedInternalName + " " + onInterface, k -> {
            String returned = returnedInternalName.replace('/', '.');
            for (SessionResult r : policy.sessionResults()) {
                if ((r.methodName() == null || r.methodName().equals(name))
                        && (r.returnType() == null || r.returnType().equals(returned))
                        && (r.ownerType() == null ? onInterface && r.methodName() == null
                                : code.assignable(owner, r.ownerType()))) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Whether a source call hands out a session-bearing result (a preset's or configured one, or a wrapper of one). */
    boolean isResult(MethodInsnNode call) {
        return inference.isInferredResult(code.declaringKey(call))
                || isResult(call.owner, call.name, Type.getReturnType(call.desc).getInternalName(), call.itf);
    }

    /** Whether {@code owner name} is a configured or preset source (through the owner's supertypes). */
    boolean isConfiguredSource(String owner, String name) {
        return sourceCache.computeIfAbsent(owner + " " + name, k -> {
            for (MethodRef ref : policy.sessionSources()) {
                if (ref.methodName().equals(name) && code.assignable(owner, ref.ownerType())) {
                    return true;
                }
            }
            return false;
        });
    }

    @Override
    public Set<String> thrownBy(MethodInsnNode call) {
        String k = IndexedCode.key(call.owner, call.name, call.desc);
        Set<String> known = thrown.get(k);
        if (known != null) {
            return known;
        }
        int cuts = thrown.cuts();
        Set<String> answer;
        String owner = call.owner.replace('/', '.');
        if (constructsThrowable(call) || CallFacts.isLogger(call.owner) || CallFacts.isAssertionHelper(call.owner)
                || isStreamView(call)) {
            // a stream's intermediate operation is lazy: it runs none of the caller's code
            answer = Set.of();
        } else if (code.isAnalysed(call.owner) && summaries.recursion().atLimit()) {
            // past the depth bound a call counts as what it declares, the analysed code's as a library's
            summaries.recursion().cutShort();
            answer = declaredBy(call);
        } else if (code.isAnalysed(call.owner)) {
            // the analysed code's own body says best what it throws, even on a type that signals failure unchecked
            answer = summaries.of(call).orElseGet(() -> signalsUncheckedFailure(call.owner)
                    ? withUnchecked(declaredBy(call)) : declaredBy(call));
        } else if (signalsUncheckedFailure(call.owner)) {
            answer = CallFacts.isStateAccess(call.name, call.desc) ? declaredBy(call) : withUnchecked(declaredBy(call));
        } else if (CallFacts.isJdk(owner)) {
            answer = CallFacts.runsCallersCode(owner, call.name) ? withUnchecked(declaredBy(call)) : declaredBy(call);
        } else {
            answer = summaries.of(call).orElseGet(() -> declaredBy(call));
        }
        thrown.put(k, cuts, answer);
        return answer;
    }

    @Override
    public Set<String> thrownByGiven(MethodInsnNode call, Arguments known, Set<String> declared) {
        String owner = call.owner.replace('/', '.');
        if (CallFacts.isJdk(owner) || signalsUncheckedFailure(call.owner) && !code.isAnalysed(call.owner)) {
            // a JDK method, or a session API that signals failure unchecked: its own answer stands
            return declared;
        }
        String k = IndexedCode.key(call.owner, call.name, call.desc) + " " + known.key();
        Set<String> cached = thrown.get(k);
        if (cached != null) {
            return cached;
        }
        int cuts = thrown.cuts();
        Set<String> given = summaries.of(call, known).orElse(declared);
        thrown.put(k, cuts, given);
        return given;
    }

    private static Set<String> withUnchecked(Set<String> declared) {
        Set<String> all = new TreeSet<>(declared);
        all.add(CallModel.UNCHECKED);
        return Set.copyOf(all);
    }

    private boolean signalsUncheckedFailure(String internalOwner) {
        return uncheckedCache.computeIfAbsent(internalOwner, o -> policy.uncheckedFailureTypes().stream()
                .anyMatch(t -> code.assignable(o, t)));
    }

    /**
     * What a method declares, less programming errors and {@code Error}s. A method that cannot be resolved (its class is
     * not on the class path) declares nothing that is known: a path through it would be a guess, not a finding.
     */
    private Set<String> declaredBy(MethodInsnNode call) {
        Optional<JavaCodeUnit> unit = code.resolve(call);
        List<String> types;
        if (unit.isPresent()) {
            types = new ArrayList<>();
            for (JavaClass t : unit.get().getThrowsClause().getTypes()) {
                code.know(t);
                types.add(IndexedCode.internal(t));
            }
        } else {
            // a callee of a library body: its class file says what it declares
            Optional<List<String>> read = code.declaredExceptions(call);
            if (read.isEmpty()) {
                return Set.of();
            }
            types = read.get();
        }
        Set<String> declared = new TreeSet<>();
        types.stream().filter(t -> !isProgrammingError(t) && !isError(t))
                .forEach(declared::add);
        return Set.copyOf(declared);
    }

    @Override
    public boolean isError(String thrown) {
        return Boolean.TRUE.equals(code.hierarchy.isSubtype(thrown, "java/lang/Error"));
    }

    @Override
    public boolean isProgrammingError(String thrown) {
        return programmingErrors.computeIfAbsent(thrown, t -> CallFacts.PROGRAMMING_ERRORS.stream()
                .anyMatch(e -> Boolean.TRUE.equals(code.hierarchy.isSubtype(t, e.replace('.', '/')))));
    }

    @Override
    public Boolean isSubtype(String sub, String sup) {
        return code.hierarchy.isSubtype(sub, sup);
    }

    @Override
    public Catch catches(String catchType, String thrown) {
        // Errors are never followed, so a handler of Exception catches whatever is followed
        if (catchType == null || catchType.equals(thrown) || catchType.equals("java/lang/Throwable")
                || catchType.equals(CallModel.ANY)) {
            return Catch.ALL;
        }
        Boolean caught = code.hierarchy.isSubtype(thrown, catchType);
        if (Boolean.TRUE.equals(caught)) {
            return Catch.ALL;
        }
        Boolean narrower = code.hierarchy.isSubtype(catchType, thrown);
        if (caught == null || narrower == null || narrower) {
            return Catch.SOME;
        }
        return Catch.NONE;
    }

    private static boolean isStreamView(MethodInsnNode call) {
        return call.getOpcode() != Opcodes.INVOKESTATIC
                && CallFacts.isStreamView(call.owner.replace('/', '.'), Type.getReturnType(call.desc).getClassName());
    }

    private boolean constructsThrowable(MethodInsnNode call) {
        return call.name.equals("<init>") && Boolean.TRUE.equals(code.hierarchy.isSubtype(call.owner, "java/lang/Throwable"));
    }

    @Override
    public int returnsArgument(MethodInsnNode call) {
        Integer jdk = CallFacts.PASS_THROUGHS.get(call.owner.replace('/', '.') + "#" + call.name);
        if (jdk != null) {
            return jdk;
        }
        if (isStreamView(call)) {
            return MethodFlow.RECEIVER;
        }
        // learning a pass-through reads the callee, which asks again for its own calls: bounded as parameter fates are
        return followed(returned, IndexedCode.key(call.owner, call.name, call.desc), () -> CallModel.NO_ARGUMENT,
                () -> passedThrough(call));
    }

    /**
     * The answer kept for {@code key} at the current depths, or the one {@code compute} finds one level deeper in the
     * recursion of parameter fates; past its bound, what {@code atBound} says, an answer cut short.
     */
    private <V> V followed(BoundedAnswers<V> answers, String key, Supplier<V> atBound, Supplier<V> compute) {
        V known = answers.get(key);
        if (known != null) {
            return known;
        }
        if (fateRecursion.atLimit()) {
            fateRecursion.cutShort();
            return atBound.get();
        }
        int cuts = answers.cuts();
        V answer;
        fateRecursion.enter();
        try {
            answer = compute.get();
        } finally {
            fateRecursion.leave();
        }
        answers.put(key, cuts, answer);
        return answer;
    }

    private int passedThrough(MethodInsnNode call) {
        // a call passes through when every body it may run (overrides of a virtual call too) does, on one parameter
        Set<Integer> each = new HashSet<>();
        for (IndexedCode.Body b : code.bodiesOf(call)) {
            if (code.isAnalysed(b.owner())) {
                each.add(inference.passThroughOf(b));
            }
        }
        if (each.size() == 1 && each.iterator().next() >= MethodFlow.RECEIVER) {
            return each.iterator().next();
        }
        int decorated = decoratorParameter(call);
        if (decorated >= 0 && !each.isEmpty() && onlyUses(call, decorated)) {
            // a factory whose body can be read owns the session only if that body hands it on (into the object it
            // builds, a field): one that only uses it (a statement compiled on the connection) owns nothing
            return CallModel.NO_ARGUMENT;
        }
        return decorated;
    }

    /** Whether every body the call may run neither hands on nor passes through its argument: it only uses it. */
    private boolean onlyUses(MethodInsnNode call, int index) {
        return parameterFate(call, index, "only uses", Arguments.NONE, f -> !f.takes() && !f.passesThrough()
                && f.unfollowed() == null && f.failure() == null && f.reachedExit());
    }

    /**
     * A method that takes a session and returns a session or another object with a close of its own is taken for a
     * decorator or a holder's factory (a proxy, a {@code Database} around a connection): what it returns owns what it
     * was given, as a constructor's new object does. JDBC statements and result sets never own their connection.
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

    /** A session type, or a type with a close of its own (AutoCloseable or not) that is not JDBC's. */
    boolean isHolderType(String internalName) {
        if (inference.isSessionTypeName(internalName)) {
            return true;
        }
        if (internalName.startsWith("java/") || internalName.startsWith("javax/sql/")) {
            return false;
        }
        JavaClass c = code.known(internalName);
        if (c == null || c.getName().equals("java.lang.Object")) {
            return false;
        }
        return c.isAssignableTo(AutoCloseable.class)
                || c.getAllMethods().stream().anyMatch(m -> m.getName().equals("close") && m.getRawParameterTypes().isEmpty());
    }

    @Override
    public boolean closesArgument(MethodInsnNode call, int index) {
        Set<Integer> inferred = inference.closedParameters(code.declaringKey(call));
        if (inferred != null && inferred.contains(index)) {
            return true;
        }
        return closerCache.computeIfAbsent(call.owner + " " + call.name, k -> {
            if (isConfiguredCloser(call)) {
                return true;
            }
            for (MethodRef ref : CallFacts.LANGUAGE_CLOSERS) {
                if (ref.methodName().equals(call.name) && call.owner.replace('/', '.').equals(ref.ownerType())) {
                    return true;
                }
            }
            return false;
        });
    }

    @Override
    public boolean failsBeforeClosing(MethodInsnNode call, int index, Arguments known) {
        if (!policy.closerFailures()) {
            return false;
        }
        Arguments given = known == null ? Arguments.NONE : known;
        // a configured closer too, when its body shows its close: the configuration says it closes, not that it cannot fail
        return parameterFate(call, index, "fails open " + given.key(), given, true,
                f -> f.closes() && f.failsBeforeClosing());
    }

    private boolean isConfiguredCloser(MethodInsnNode call) {
        for (MethodRef ref : policy.closers()) {
            if (ref.methodName().equals(call.name) && code.assignable(call.owner, ref.ownerType())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean closesArgumentGiven(MethodInsnNode call, int index, Arguments known) {
        return parameterFate(call, index, "closes given " + known.key(), known, MethodFlow.ParameterFate::closes);
    }

    @Override
    public boolean takesArgument(MethodInsnNode call, int index) {
        if (call.name.equals("<init>")) {
            // a constructor's new object stands for what it was given (owner or capturer): it is tracked in its place
            return false;
        }
        return parameterFate(call, index, "takes", Arguments.NONE, MethodFlow.ParameterFate::takes);
    }

    @Override
    public boolean failsBeforeTaking(MethodInsnNode call, int index, Arguments known) {
        Arguments given = known == null ? Arguments.NONE : known;
        return parameterFate(call, index, "fails untaken " + given.key(), given, true, f -> f.takes() && f.failsBeforeClosing());
    }

    @Override
    public boolean isOwnSession(MethodInsnNode call) {
        return call.getOpcode() != Opcodes.INVOKESTATIC && isConfiguredSource(call.owner, call.name)
                && unitsOfWork.computeIfAbsent(call.owner, this::closesWithAConfiguredCloser);
    }

    /** Whether the type is AutoCloseable and its close() calls a configured closer. */
    private boolean closesWithAConfiguredCloser(String owner) {
        if (policy.closers().isEmpty() || !code.assignable(owner, AutoCloseable.class.getName())) {
            return false;
        }
        for (IndexedCode.Body close : code.bodiesOf(new MethodInsnNode(Opcodes.INVOKESPECIAL, owner, "close", "()V", false))) {
            for (var insn : close.method().instructions) {
                if (insn instanceof MethodInsnNode m && isConfiguredCloser(m)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean delegateTakes(MethodInsnNode call, int index) {
        return call.name.equals("<init>") && parameterFate(call, index, "takes", Arguments.NONE, MethodFlow.ParameterFate::takes);
    }

    @Override
    public boolean closesReceiver(MethodInsnNode call) {
        if (call.getOpcode() == Opcodes.INVOKESTATIC || call.name.equals("<init>")) {
            return false;
        }
        if (call.desc.startsWith("()") && isConfiguredCloser(call)) {
            // a closer that is given nothing closes what it is called on: sql2o's connection.commit()
            return true;
        }
        if (closeDelegates.computeIfAbsent(call.owner, o -> CloseDelegates.of(o, code::bodiesOf)).contains(call.name + " " + call.desc)) {
            // what close() hands its whole work to closes the object as close() does
            return true;
        }
        return parameterFate(call, MethodFlow.RECEIVER, "closes", Arguments.NONE, MethodFlow.ParameterFate::closes);
    }

    /**
     * Whether every body the call may run does to parameter {@code index} what {@code fate} asks, on demand and cached;
     * nothing is known of a call whose body cannot be read, nor past the depth bound.
     */
    private boolean parameterFate(MethodInsnNode call, int index, String question, Arguments known,
                                  Predicate<MethodFlow.ParameterFate> fate) {
        return parameterFate(call, index, question, known, false, fate);
    }

    private boolean parameterFate(MethodInsnNode call, int index, String question, Arguments known, boolean failures,
                                  Predicate<MethodFlow.ParameterFate> fate) {
        String k = IndexedCode.key(call.owner, call.name, call.desc) + " " + index + " " + question;
        // past the bound: asked nothing
        return followed(fates, k, () -> false, () -> {
            List<IndexedCode.Body> bodies = code.bodiesOf(call);
            return !bodies.isEmpty() && bodies.stream().allMatch(b -> fate.test(failures
                    ? MethodFlow.ofParameterFailures(b.method(), this, index, known)
                    : MethodFlow.ofParameter(b.method(), this, index, known)));
        });
    }

    @Override
    public boolean releasesField(MethodInsnNode call, String field) {
        if (call.getOpcode() == Opcodes.INVOKESTATIC || call.name.equals("<init>")) {
            return false;
        }
        return followed(fates, IndexedCode.key(call.owner, call.name, call.desc) + " releases " + field, () -> false, () -> {
            List<IndexedCode.Body> bodies = code.bodiesOf(call);
            return !bodies.isEmpty() && bodies.stream().allMatch(b -> MethodFlow.ofField(b.method(), this, field));
        });
    }

    @Override
    public boolean keeps(MethodInsnNode call) {
        return !call.desc.startsWith("()") && CallFacts.keepsArguments(call.name) && isKeeper(call.owner);
    }

    @Override
    public boolean isPrivate(MethodInsnNode call) {
        return code.resolve(call).map(u -> u.getModifiers().contains(JavaModifier.PRIVATE)).orElse(false);
    }

    @Override
    public boolean isSessionType(String internalName) {
        return inference.isSessionTypeName(internalName);
    }

    @Override
    public boolean isKeeper(String internalName) {
        return keeperCache.computeIfAbsent(internalName, o -> CallFacts.KEEPERS.stream().anyMatch(t -> code.assignable(o, t)));
    }

    @Override
    public boolean lambdaCloses(String owner, String name, String desc, int index) {
        // a lambda body is read on first use: ArchUnit folds lambda bodies into their enclosing method
        JavaClass c = code.known(owner);
        if (c == null || !code.isAnalysed(owner)) {
            return false;
        }
        return followed(lambdaClosers, IndexedCode.key(owner, name, desc) + " " + index + " closes", () -> false,
                () -> code.methodNode(c, name, desc).map(m -> MethodFlow.ofParameter(m, this, index).closes()).orElse(false));
    }

    @Override
    public boolean isPipelineType(String internalName) {
        if (pipelinesAbsent) {
            return false;
        }
        return pipelineCache.computeIfAbsent(internalName, t -> {
            String name = t.replace('/', '.');
            if (CallFacts.isReactiveName(name)) {
                return true;
            }
            JavaClass c = code.known(t);
            return c != null && !name.startsWith("java.") && CallFacts.REACTIVE_TYPES.stream().anyMatch(c::isAssignableTo);
        });
    }

    @Override
    public boolean isReactiveSessionType(String internalName) {
        if (pipelinesAbsent) {
            return false;
        }
        return reactiveSessionCache.computeIfAbsent(internalName, t -> policy.presets().stream()
                .filter(Preset::isReactive).flatMap(p -> p.sessionTypes().stream()).anyMatch(type -> code.assignable(t, type)));
    }

    @Override
    public boolean readsBodiesOf(String internalName) {
        return code.isAnalysed(internalName);
    }

    @Override
    public MethodFlow.ParameterFate lambdaFate(String owner, String name, String desc, int index) {
        if (index == MethodFlow.RECEIVER && name.equals("close") && desc.startsWith("()") && isSessionType(owner)) {
            // Connection::close, session::close
            return MethodFlow.ParameterFate.CLOSED;
        }
        if (index >= 0 && closesArgument(new MethodInsnNode(Opcodes.INVOKESTATIC, owner, name, desc, false), index)) {
            return MethodFlow.ParameterFate.CLOSED;
        }
        String function = "the function given to it, " + MethodFlow.simple(owner) + "." + name;
        JavaClass c = code.known(owner);
        if (c == null || !code.isAnalysed(owner)) {
            return MethodFlow.ParameterFate.unfollowed(function + ", is not in the analysed code");
        }
        String k = IndexedCode.key(owner, name, desc) + " " + index + " lambda";
        return followed(lambdaFates, k, () -> MethodFlow.ParameterFate.unfollowed(function + ", calls itself or nests too deep"),
                () -> code.methodNode(c, name, desc).map(m -> MethodFlow.ofParameter(m, this, index))
                        .orElseGet(() -> MethodFlow.ParameterFate.unfollowed(function + ", cannot be read")));
    }

    @Override
    public boolean ownsWhatItIsGiven(String internalName) {
        return isHolderType(internalName);
    }
}
