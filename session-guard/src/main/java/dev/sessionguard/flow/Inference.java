package dev.sessionguard.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import dev.sessionguard.policy.CallFacts;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.policy.SessionResult;
import dev.sessionguard.policy.SessionTypes;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What the analysed code's own methods are, learnt from their bodies: sources (return a fresh session on every path),
 * closers (close a parameter on every path that completes normally) and pass-throughs (return a parameter, itself or
 * wrapped). Sources and closers are learnt up front, to a fixed point, so that no answer depends on the order in which
 * methods are met; pass-throughs on first use.
 */
final class Inference {
    private final SessionPolicy policy;
    private final SessionTypes types;
    private final IndexedCode code;
    private final Set<String> sources = new TreeSet<>();
    private final Map<String, Set<Integer>> closers = new TreeMap<>();
    /** Names of every source method, configured or inferred: most calls are rejected by name alone. */
    private final Set<String> sourceNames = new HashSet<>();
    /**
     * Internal names of the types a session-bearing result of any name has ({@code Stream} of a repository, a mapper's
     * {@code Cursor}), and of every result type, which the analysed code's own methods may pass on.
     */
    private final Set<String> resultTypesOfAnyName = new HashSet<>();
    /** {@link #resultTypesOfAnyName} as the ends of descriptors of methods that return them ({@code )Ljava/util/stream/Stream;}). */
    private final Set<String> resultDescriptorEnds = new HashSet<>();
    /** Every result type, as a class name: asked of every method's return and parameter types, so no name is built. */
    private final Set<String> resultClasses = new HashSet<>();
    /** {@link #resultTypesOfAnyName} as class names. */
    private final Set<String> resultClassesOfAnyName = new HashSet<>();
    /** Inferred sources that hand out a session-bearing result rather than a session. */
    private final Set<String> inferredResults = new TreeSet<>();
    /** {@code owner name} of every inferred source. */
    private final Set<String> sourceOwnerAndName = new HashSet<>();
    private CallModel calls;

    Inference(SessionPolicy policy, SessionTypes types, IndexedCode code) {
        this.policy = policy;
        this.types = types;
        this.code = code;
        policy.sessionSources().forEach(m -> sourceNames.add(m.methodName()));
        for (SessionResult r : policy.sessionResults()) {
            if (r.methodName() != null) {
                sourceNames.add(r.methodName());
            }
            if (r.returnType() != null) {
                resultClasses.add(r.returnType());
                if (r.methodName() == null) {
                    resultTypesOfAnyName.add(r.returnType().replace('.', '/'));
                    resultDescriptorEnds.add(")L" + r.returnType().replace('.', '/') + ";");
                    resultClassesOfAnyName.add(r.returnType());
                }
            }
        }
    }

    /** Whether a call returning this type (internal name) may hand out a result whatever its name. */
    boolean mayBeResultOfAnyName(String returnedInternalName) {
        return resultTypesOfAnyName.contains(returnedInternalName);
    }

    /** As {@link #mayBeResultOfAnyName(String)}, by a method descriptor: asked of every call instruction read. */
    boolean mayReturnResultOfAnyName(String descriptor) {
        for (String end : resultDescriptorEnds) {
            if (descriptor.endsWith(end)) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #mayBeResultOfAnyName(String)}, by the class: asked of every call of the import, so no name is built. */
    boolean mayBeResultOfAnyName(JavaClass returned) {
        return resultClassesOfAnyName.contains(returned.getName());
    }

    /** Whether an inferred source (by the key of the method a call resolves to) hands out a session-bearing result. */
    boolean isInferredResult(String declaringKey) {
        return inferredResults.contains(declaringKey);
    }

    /** Learns sources, then closers, with the call model that will also judge the rest of the import. */
    void run(CallModel model) {
        this.calls = model;
        inferSources();
        inferClosers();
    }

    boolean isSourceName(String name) {
        return sourceNames.contains(name);
    }

    boolean isInferredSource(String declaringKey) {
        return sources.contains(declaringKey);
    }

    boolean isInferredSource(String owner, String name) {
        return sourceOwnerAndName.contains(owner + " " + name);
    }

    /** The parameters an inferred closer closes, by the key of the method a call resolves to; null when none. */
    Set<Integer> closedParameters(String declaringKey) {
        return closers.get(declaringKey);
    }

    Set<String> sources() {
        return names(sources);
    }

    Set<String> closers() {
        return names(closers.keySet());
    }

    /** {@code owner name(desc)} keys as {@code Type#method}. */
    private static Set<String> names(Collection<String> keys) {
        Set<String> names = new TreeSet<>();
        keys.forEach(k -> names.add(k.substring(0, k.indexOf('(')).replace('/', '.').replace(' ', '#')));
        return names;
    }

    private boolean isSessionType(JavaClass type) {
        return types.sessionTypeOf(type).isPresent();
    }

    boolean isSessionTypeName(String internalName) {
        JavaClass c = code.known(internalName);
        return c != null ? isSessionType(c) : policy.sessionTypes().contains(internalName.replace('/', '.'));
    }

    private boolean callsSomethingNamed(JavaCodeUnit u, Set<String> names) {
        for (JavaMethodCall call : u.getMethodCallsFromSelf()) {
            if (names.contains(call.getName()) || mayBeResultOfAnyName(call.getTarget().getRawReturnType())) {
                return true;
            }
        }
        return false;
    }

    private static boolean callsAnyOf(JavaCodeUnit u, Set<String> names) {
        return u.getMethodCallsFromSelf().stream().anyMatch(call -> names.contains(call.getName()));
    }

    private interface Learner {
        /** Analyses one candidate; true when it learnt something new about it. */
        boolean learn(JavaMethod method, String key, MethodNode node);
    }

    /**
     * Re-analyses the candidates until nothing new is learnt, since inference is transitive (a wrapper of a wrapper).
     * A candidate is read only if it calls a method of one of the {@code names}, which the learner may extend; after the
     * first round, only if it calls a method of a name learnt in the round before (what it calls is all that can change
     * its answer). The fixed point does not depend on the order of the candidates.
     */
    private void untilNothingNew(Predicate<JavaMethod> isCandidate, Predicate<String> known, Set<String> names,
                                 Learner learner) {
        List<JavaMethod> candidates = new ArrayList<>();
        List<JavaMethod> ofClass = new ArrayList<>();
        code.analysedClasses().forEach(c -> {
            for (JavaMethod m : c.getMethods()) {
                if (isCandidate.test(m)) {
                    ofClass.add(m);
                }
            }
            ofClass.sort(Comparator.comparing(JavaMethod::getFullName));
            candidates.addAll(ofClass);
            ofClass.clear();
        });
        Set<String> learntBefore = null;
        while (learntBefore == null || !learntBefore.isEmpty()) {
            Set<String> learnt = new HashSet<>();
            for (JavaMethod m : candidates) {
                String k = IndexedCode.key(IndexedCode.internal(m.getOwner()), m.getName(), IndexedCode.descriptorOf(m));
                if (known.test(k) || !(learntBefore == null ? callsSomethingNamed(m, names) : callsAnyOf(m, learntBefore))) {
                    continue;
                }
                Optional<MethodNode> node = code.methodNode(m.getOwner(), m.getName(), IndexedCode.descriptorOf(m));
                if (node.isPresent()) {
                    code.register(m.getOwner());
                    if (learner.learn(m, k, node.get())) {
                        learnt.add(m.getName());
                    }
                }
            }
            learntBefore = learnt;
        }
    }

    private void inferSources() {
        // a method of the analysed code may pass a session-bearing result on as well as a session
        untilNothingNew(m -> isSessionType(m.getRawReturnType()) || isResultType(m.getRawReturnType()), sources::contains,
                sourceNames, (m, k, node) -> {
            if (!MethodFlow.ofSources(node, calls).isSource()) {
                return false;
            }
            if (!isSessionType(m.getRawReturnType())) {
                inferredResults.add(k);
            }
            sources.add(k);
            sourceOwnerAndName.add(IndexedCode.internal(m.getOwner()) + " " + m.getName());
            sourceNames.add(m.getName());
            return true;
        });
    }

    private boolean isResultType(JavaClass type) {
        return resultClasses.contains(type.getName());
    }

    /** A parameter a closer may close: a session or a session-bearing result, anything closeable, or an {@code Object} a helper dispatches on. */
    private boolean isClosable(JavaClass parameter) {
        return isSessionType(parameter) || isResultType(parameter) || CallFacts.CLOSEABLE.contains(parameter.getName())
                || parameter.getName().equals("java.lang.Object");
    }

    /**
     * A method that may close one of its parameters: one of a closable type, where an {@code Object} counts only when
     * the method dispatches on a closable type ({@code if (o instanceof Connection)}), the one reason to read it.
     */
    private boolean mayClose(JavaMethod m) {
        boolean object = false;
        for (JavaClass p : m.getRawParameterTypes()) {
            if (p.getName().equals("java.lang.Object")) {
                object = true;
            } else if (isClosable(p)) {
                return true;
            }
        }
        return object && m.getInstanceofChecks().stream().anyMatch(check -> isClosable(check.getRawType()));
    }

    private void inferClosers() {
        Set<String> closeNames = new HashSet<>(Set.of("close"));
        policy.closers().forEach(m -> closeNames.add(m.methodName()));
        CallFacts.LANGUAGE_CLOSERS.forEach(m -> closeNames.add(m.methodName()));
        untilNothingNew(this::mayClose, closers::containsKey,
                closeNames, (m, k, node) -> {
                    Set<Integer> closed = new TreeSet<>();
                    List<JavaClass> params = m.getRawParameterTypes();
                    for (int p = 0; p < params.size(); p++) {
                        if (isClosable(params.get(p)) && MethodFlow.ofParameter(node, calls, p).closes()) {
                            closed.add(p);
                        }
                    }
                    if (closed.isEmpty()) {
                        return false;
                    }
                    closers.put(k, closed);
                    closeNames.add(m.getName());
                    return true;
                });
    }

    /**
     * Which parameter a body returns on every normal path, itself or wrapped (a proxy, a decorator, {@code this} of a
     * fluent method): the caller's session lives on in the result. Asked by the call model, which bounds and keeps the
     * answers, when a call carries an open session.
     */
    int passThroughOf(IndexedCode.Body body) {
        MethodNode m = body.method();
        int found = CallModel.NO_ARGUMENT;
        Type ret = Type.getReturnType(m.desc);
        boolean returnsSession = ret.getSort() == Type.OBJECT && isSessionTypeName(ret.getInternalName());
        // a fluent method returns what it was called on: a session type's, or one whose type it returns (a wrapper of
        // the session that a source hands out, JdbcConnection#setAutoCommit returning this)
        boolean fluent = (m.access & Opcodes.ACC_STATIC) == 0 && ret.getSort() == Type.OBJECT
                && (isSessionTypeName(body.owner()) && returnsSession || code.assignable(body.owner(), ret.getClassName()));
        if (returnsSession || fluent) {
            Type[] args = returnsSession ? Type.getArgumentTypes(m.desc) : new Type[0];
            for (int p = fluent ? MethodFlow.RECEIVER : 0; p < args.length && found == CallModel.NO_ARGUMENT; p++) {
                if (p == MethodFlow.RECEIVER || args[p].getSort() == Type.OBJECT && (isSessionTypeName(args[p].getInternalName())
                        || CallFacts.CLOSEABLE.contains(args[p].getClassName()))) {
                    if (MethodFlow.ofParameter(m, calls, p).passesThrough()) {
                        found = p;
                    }
                }
            }
        }
        return found;
    }
}
