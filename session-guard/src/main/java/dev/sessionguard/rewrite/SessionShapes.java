package dev.sessionguard.rewrite;

import dev.sessionguard.policy.CallFacts;
import dev.sessionguard.policy.MethodRef;
import dev.sessionguard.policy.Preset;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.policy.SessionResult;
import java.util.LinkedHashSet;
import java.util.Set;
import org.openrewrite.java.tree.Expression;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Statement;
import org.openrewrite.java.tree.TypeUtils;

/** What a session source, a session and a close look like in source code, for one {@link SessionPolicy}. */
final class SessionShapes {
    final SessionPolicy policy;
    private final Set<MethodRef> presetSources = new LinkedHashSet<>();
    /** The reactive presets' openers: their session is closed in a pipeline, which no recipe writes. */
    private final Set<MethodRef> pipelineSources = new LinkedHashSet<>();

    SessionShapes(SessionPolicy policy) {
        this.policy = policy;
        for (Preset p : policy.presets()) {
            presetSources.addAll(p.sessionSources());
            if (p.isReactive()) {
                pipelineSources.addAll(p.sessionSources());
            }
        }
    }

    /** A call of a preset or configured session source (not a reactive opener, whose session a pipeline closes). */
    boolean isSource(Expression e) {
        return e instanceof J.MethodInvocation m && matches(policy.sessionSources(), m.getMethodType())
                && !matches(pipelineSources, m.getMethodType());
    }

    /** A call of one of the presets' sources (a raw factory's own method). */
    boolean isPresetSource(J.MethodInvocation m) {
        return matches(presetSources, m.getMethodType());
    }

    /** Whether a configured source is one of the presets' own (a raw factory's method, never an accessor). */
    boolean isPresetSourceRef(MethodRef source) {
        return presetSources.contains(source);
    }

    /**
     * A call that hands out a session-bearing result (a {@code Stream} or cursor that holds its connection until
     * closed): a preset's or a configured {@code sessionguard.sessionResults} method, by owner and name, or by the type
     * it returns and its owner (a repository's {@code Stream}, a mapper's {@code Cursor}), as the rules decide.
     */
    boolean isResult(Expression e) {
        if (!(e instanceof J.MethodInvocation m) || m.getMethodType() == null) {
            return false;
        }
        JavaType.Method type = m.getMethodType();
        JavaType.FullyQualified returned = TypeUtils.asFullyQualified(type.getReturnType());
        for (SessionResult r : policy.sessionResults()) {
            boolean named = r.methodName() == null || r.methodName().equals(type.getName());
            boolean returns = r.returnType() == null
                    || returned != null && returned.getFullyQualifiedName().equals(r.returnType());
            boolean owner = r.ownerType() == null
                    ? r.methodName() == null && type.getDeclaringType().getKind() == JavaType.FullyQualified.Kind.Interface
                    : TypeUtils.isAssignableTo(r.ownerType(), type.getDeclaringType());
            if (named && returns && owner) {
                return true;
            }
        }
        return false;
    }

    boolean isSessionType(JavaType type) {
        return type != null && policy.sessionTypes().stream().anyMatch(t -> TypeUtils.isAssignableTo(t, type));
    }

    static boolean isAutoCloseable(JavaType type) {
        return TypeUtils.isAssignableTo("java.lang.AutoCloseable", type);
    }

    /** A call that closes the named variable: {@code s.close()} or a closer given it. */
    boolean isCloseCall(J tree, String name) {
        if (!(tree instanceof J.MethodInvocation m)) {
            return false;
        }
        if (m.getSimpleName().equals("close") && m.getArguments().stream().allMatch(a -> a instanceof J.Empty)
                && isVariable(m.getSelect(), name)) {
            return true;
        }
        return matches(policy.closers(), m.getMethodType()) && m.getArguments().stream().anyMatch(a -> isVariable(a, name));
    }

    /** A statement that only closes the variable: a close call, or one guarded by {@code s != null}. */
    boolean isCloseStatement(Statement statement, String name) {
        if (isCloseCall(statement, name)) {
            return true;
        }
        if (statement instanceof J.If i && i.getElsePart() == null && isNotNullCheck(i.getIfCondition().getTree(), name)) {
            Statement then = i.getThenPart();
            if (then instanceof J.Block b) {
                return b.getStatements().size() == 1 && isCloseCall(b.getStatements().get(0), name);
            }
            return isCloseCall(then, name);
        }
        return false;
    }

    /** A method that keeps or returns what it is given, so a session handed to it is no longer this method's. */
    boolean keeps(J.MethodInvocation m) {
        JavaType.Method type = m.getMethodType();
        if (type == null) {
            return true;
        }
        for (String keeper : CallFacts.KEEPERS) {
            if (TypeUtils.isAssignableTo(keeper, type.getDeclaringType())) {
                // the same answer as the bytecode rules': a keeper keeps what it is given unless the method only looks
                return CallFacts.keepsArguments(m.getSimpleName());
            }
        }
        return isSessionType(type.getReturnType()) || TypeUtils.isOfClassType(type.getDeclaringType(), "java.util.Objects");
    }

    static boolean isVariable(Expression e, String name) {
        return e instanceof J.Identifier id && id.getSimpleName().equals(name);
    }

    private static boolean isNotNullCheck(Expression condition, String name) {
        return condition instanceof J.Binary b && b.getOperator() == J.Binary.Type.NotEqual
                && (isVariable(b.getLeft(), name) && isNull(b.getRight()) || isNull(b.getLeft()) && isVariable(b.getRight(), name));
    }

    private static boolean isNull(Expression e) {
        return e instanceof J.Literal l && l.getValue() == null && "null".equals(l.getValueSource());
    }

    private static boolean matches(Set<MethodRef> methods, JavaType.Method type) {
        if (type == null) {
            return false;
        }
        for (MethodRef ref : methods) {
            if (ref.methodName().equals(type.getName()) && TypeUtils.isAssignableTo(ref.ownerType(), type.getDeclaringType())) {
                return true;
            }
        }
        return false;
    }
}
