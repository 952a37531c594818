package dev.sessionguard.rewrite;

import com.tngtech.archunit.PublicAPI;
import dev.sessionguard.policy.MethodRef;
import dev.sessionguard.policy.SessionPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openrewrite.Cursor;
import org.openrewrite.ExecutionContext;
import org.openrewrite.ScanningRecipe;
import org.openrewrite.SourceFile;
import org.openrewrite.Tree;
import org.openrewrite.TreeVisitor;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.tree.Expression;
import org.openrewrite.java.tree.Flag;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JContainer;
import org.openrewrite.java.tree.JRightPadded;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Space;
import org.openrewrite.java.tree.TypeUtils;
import org.openrewrite.marker.Markers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * Sends code outside the db packages through the managed door (SG001): a call of a preset session source on a raw
 * factory ({@code factory.openSession()}, {@code dataSource.getConnection()}, ...) becomes the configured
 * {@code sessionguard.sessionSources} accessor that returns the same session type: a static method without
 * parameters, declared in the sources the recipe runs on. It switches only sessions closed on every path (try-with-resources
 * resources) or handed out ({@code return}): a leaking session keeps its door, so that its frozen SG002/SG003 baseline entry
 * still matches; run {@link UseTryWithResourcesForSessions} first, as {@link FixSessions} does.
 * <pre>{@code
 * Session db = Db.rawFactory().openSession();   // before
 * Session db = Db.getSession();                 // after, with sessionguard.sessionSources=com.acme.db.Db#getSession
 * }</pre>
 */
@PublicAPI(usage = ACCESS)
public final class UseManagedSessionSource extends ScanningRecipe<UseManagedSessionSource.Accumulator> {
    private static final Logger LOG = LoggerFactory.getLogger(UseManagedSessionSource.class);

    private final transient SessionsLeftAlone leftAlone = new SessionsLeftAlone(this);

    /** The projects' policies and the accessors their sources declare. */
    public static final class Accumulator {
        final ProjectPolicies policies = new ProjectPolicies();
        /** Configured accessors found in the sources, by owner#name. */
        final Map<String, JavaType.Method> accessors = new LinkedHashMap<>();
        final Set<String> warned = Collections.synchronizedSet(new HashSet<>());
    }

    @Override
    public String getDisplayName() {
        return "Use the managed session source";
    }

    @Override
    public String getDescription() {
        return "Outside the db packages, a raw factory's session source (`openSession()`, `getConnection()`, ...) becomes the "
                + "configured managed accessor (`sessionguard.sessionSources`) that returns the same session type (session-guard SG001).";
    }

    @Override
    public Accumulator getInitialValue(ExecutionContext ctx) {
        return new Accumulator();
    }

    @Override
    public TreeVisitor<?, ExecutionContext> getScanner(Accumulator acc) {
        JavaIsoVisitor<ExecutionContext> declarations = new JavaIsoVisitor<>() {
            @Override
            public J.MethodDeclaration visitMethodDeclaration(J.MethodDeclaration method, ExecutionContext ctx) {
                JavaType.Method type = method.getMethodType();
                if (type != null && type.hasFlags(Flag.Static) && type.getParameterTypes().isEmpty()
                        && type.getReturnType() instanceof JavaType.FullyQualified) {
                    acc.accessors.put(type.getDeclaringType().getFullyQualifiedName() + "#" + type.getName(), type);
                }
                return method; // accessors are members, not local classes' methods
            }
        };
        return new TreeVisitor<Tree, ExecutionContext>() {
            @Override
            public Tree visit(Tree tree, ExecutionContext ctx) {
                if (tree instanceof SourceFile source) {
                    acc.policies.scan(source);
                }
                return tree instanceof J.CompilationUnit ? declarations.visit(tree, ctx) : tree;
            }
        };
    }

    @Override
    public TreeVisitor<?, ExecutionContext> getVisitor(Accumulator acc) {
        return new JavaIsoVisitor<ExecutionContext>() {
            private SessionShapes shapes;
            private List<JavaType.Method> managed;

            @Override
            public J.CompilationUnit visitCompilationUnit(J.CompilationUnit cu, ExecutionContext ctx) {
                SessionPolicy policy = acc.policies.of(cu);
                String pkg = cu.getPackageDeclaration() == null ? "" : cu.getPackageDeclaration().getPackageName();
                if (policy.isDbPackage(pkg)) {
                    return cu;
                }
                shapes = new SessionShapes(policy);
                managed = new ArrayList<>();
                for (MethodRef source : policy.sessionSources()) {
                    JavaType.Method accessor = acc.accessors.get(source.ownerType() + "#" + source.methodName());
                    if (accessor != null) {
                        managed.add(accessor);
                    } else if (!shapes.isPresetSourceRef(source) && acc.warned.add(source.toString())) {
                        LOG.warn("{}: not a static method without parameters among the sources; {} does not use it",
                                source.asCall(), getDisplayName());
                    }
                }
                return managed.isEmpty() ? cu : super.visitCompilationUnit(cu, ctx);
            }

            @Override
            public J.MethodInvocation visitMethodInvocation(J.MethodInvocation method, ExecutionContext ctx) {
                J.MethodInvocation m = super.visitMethodInvocation(method, ctx);
                if (!shapes.isPresetSource(m) || m.getArguments().stream().anyMatch(a -> !(a instanceof J.Empty))) {
                    return m;
                }
                J.ClassDeclaration enclosing = getCursor().firstEnclosing(J.ClassDeclaration.class);
                if (!closedOnEveryPath(getCursor())) {
                    return m; // its frozen SG002/SG003 entry names this source: switching doors would make it new
                }
                List<JavaType.Method> fitting = managed.stream()
                        .filter(a -> TypeUtils.isAssignableTo(m.getMethodType().getReturnType(), a.getReturnType()))
                        .filter(a -> enclosing == null || enclosing.getType() == null
                                || !TypeUtils.isOfType(a.getDeclaringType(), enclosing.getType()))
                        .toList();
                if (fitting.isEmpty()) {
                    return m;
                }
                if (fitting.size() > 1 || !sideEffectFree(m.getSelect())) {
                    String reason = fitting.size() > 1 ? "more than one managed accessor returns " + TypeUtils.toString(m.getType())
                            : "the factory expression " + m.getSelect().printTrimmed(getCursor()) + " may have side effects";
                    leftAlone.record(getCursor(), m.printTrimmed(getCursor()), reason, ctx);
                    return m;
                }
                JavaType.Method accessor = fitting.get(0);
                JavaType.FullyQualified owner = accessor.getDeclaringType();
                maybeAddImport(owner.getFullyQualifiedName(), false);
                JavaType.FullyQualified raw = TypeUtils.asFullyQualified(m.getSelect() == null ? null : m.getSelect().getType());
                if (raw != null) {
                    maybeRemoveImport(raw.getFullyQualifiedName());
                }
                J.Identifier ownerName = new J.Identifier(Tree.randomId(), Space.EMPTY, Markers.EMPTY, Collections.emptyList(),
                        owner.getClassName(), owner, null);
                J.Identifier name = m.getName().withSimpleName(accessor.getName()).withType(accessor);
                return m.getPadding().withSelect(JRightPadded.build((Expression) ownerName))
                        .withName(name).withMethodType(accessor)
                        .getPadding().withArguments(JContainer.build(Space.EMPTY,
                                List.of(JRightPadded.build(new J.Empty(Tree.randomId(), Space.EMPTY, Markers.EMPTY))), Markers.EMPTY));
            }
        };
    }

    /**
     * Whether the session the call opens is closed on every path (a try-with-resources resource) or handed out
     * ({@code return}): only then does switching the door leave the frozen baseline's SG002/SG003 entries as they are.
     */
    private static boolean closedOnEveryPath(Cursor call) {
        Cursor parent = call.getParentTreeCursor();
        if (parent.getValue() instanceof J.Return) {
            return true;
        }
        if (!(parent.getValue() instanceof J.VariableDeclarations.NamedVariable)) {
            return false;
        }
        Cursor declaration = parent.getParentTreeCursor();
        return declaration.getParentTreeCursor().getValue() instanceof J.Try.Resource;
    }

    /** A factory expression the replacement may drop: a name, a field or a chain of calls without arguments. */
    private static boolean sideEffectFree(Expression e) {
        if (e instanceof J.Identifier) {
            return true;
        }
        if (e instanceof J.FieldAccess f) {
            return sideEffectFree(f.getTarget());
        }
        if (e instanceof J.MethodInvocation m) {
            return m.getArguments().stream().allMatch(a -> a instanceof J.Empty)
                    && (m.getSelect() == null || sideEffectFree(m.getSelect()));
        }
        return false;
    }
}
