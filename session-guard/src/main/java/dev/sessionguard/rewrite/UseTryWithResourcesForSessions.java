package dev.sessionguard.rewrite;

import com.tngtech.archunit.PublicAPI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.openrewrite.Cursor;
import org.openrewrite.ExecutionContext;
import org.openrewrite.ScanningRecipe;
import org.openrewrite.SourceFile;
import org.openrewrite.Tree;
import org.openrewrite.TreeVisitor;
import org.openrewrite.internal.ListUtils;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.JavaVisitor;
import org.openrewrite.java.tree.Comment;
import org.openrewrite.java.tree.Expression;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.Javadoc;
import org.openrewrite.java.tree.JContainer;
import org.openrewrite.java.tree.JLeftPadded;
import org.openrewrite.java.tree.JRightPadded;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Space;
import org.openrewrite.java.tree.Statement;
import org.openrewrite.java.tree.TypeTree;
import org.openrewrite.java.tree.TypeUtils;
import org.openrewrite.marker.Markers;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * Makes the close of a session guaranteed (SG002, SG003): a session obtained from a session source into a local and
 * closed later (in {@code finally}, in straight-line code, through a closer, or never) becomes a try-with-resources
 * resource whose block spans its uses; a session type that is not {@code AutoCloseable} ({@code javax.persistence}'s
 * {@code EntityManager}) gets {@code try { ... } finally { em.close(); }}. A session it cannot prove safe to move (returned,
 * stored, handed to a constructor or a collection, captured, closed on some paths only) is left alone and listed in
 * {@link SessionsLeftAlone} and the log. A session-bearing result (a {@code Stream} or cursor that holds its connection)
 * held by a local is treated the same; one consumed in the statement that obtains it becomes the resource of a
 * try-with-resources around that statement ({@code try (Stream<Note> stream = repo.streamAllBy()) { ... }}).
 * <pre>{@code
 * Session db = factory.openSession();           // before
 * List<Notification> all = db.createSelectionQuery(...).getResultList();
 * db.close();
 * return all;
 *
 * try (Session db = factory.openSession()) {    // after
 *     List<Notification> all = db.createSelectionQuery(...).getResultList();
 *     return all;
 * }
 * }</pre>
 */
@PublicAPI(usage = ACCESS)
public final class UseTryWithResourcesForSessions extends ScanningRecipe<UseTryWithResourcesForSessions.Accumulator> {

    private final transient SessionsLeftAlone leftAlone = new SessionsLeftAlone(this);

    /** The policies of the projects in the run. */
    public static final class Accumulator {
        final ProjectPolicies policies = new ProjectPolicies();
    }

    @Override
    public String getDisplayName() {
        return "Use try-with-resources for sessions";
    }

    @Override
    public String getDescription() {
        return "A Hibernate, JPA, JDBC or MyBatis session obtained from a session source into a local and closed later, "
                + "or never, becomes a try-with-resources resource whose block spans its uses; so does a session-bearing "
                + "result (a Stream or cursor) held by a local or consumed in the statement that obtains it "
                + "(session-guard SG002, SG003).";
    }

    @Override
    public Accumulator getInitialValue(ExecutionContext ctx) {
        return new Accumulator();
    }

    @Override
    public TreeVisitor<?, ExecutionContext> getScanner(Accumulator acc) {
        return new TreeVisitor<Tree, ExecutionContext>() {
            @Override
            public Tree visit(Tree tree, ExecutionContext ctx) {
                if (tree instanceof SourceFile source) {
                    acc.policies.scan(source);
                }
                return tree;
            }
        };
    }

    @Override
    public TreeVisitor<?, ExecutionContext> getVisitor(Accumulator acc) {
        return new Fixer(acc.policies);
    }

    private final class Fixer extends JavaIsoVisitor<ExecutionContext> {
        private final ProjectPolicies policies;
        private SessionShapes shapes;
        /** The names the fixes gave resources in the method being fixed. */
        private final Set<String> named = new HashSet<>();
        /** One level of indentation in the block being fixed. */
        private String unit = DEFAULT_UNIT;

        Fixer(ProjectPolicies policies) {
            this.policies = policies;
        }

        @Override
        public J.CompilationUnit visitCompilationUnit(J.CompilationUnit cu, ExecutionContext ctx) {
            shapes = new SessionShapes(policies.of(cu));
            return super.visitCompilationUnit(cu, ctx);
        }

        @Override
        public J.MethodDeclaration visitMethodDeclaration(J.MethodDeclaration method, ExecutionContext ctx) {
            named.clear();
            return super.visitMethodDeclaration(method, ctx);
        }

        @Override
        public J.Block visitBlock(J.Block block, ExecutionContext ctx) {
            J.Block b = super.visitBlock(block, ctx);
            Object owner = getCursor().getParentTreeCursor().getValue();
            if (owner instanceof J.ClassDeclaration || owner instanceof J.NewClass) {
                return b; // a class body declares fields, not locals: a field's session is reported where it is opened
            }
            List<JRightPadded<Statement>> statements = b.getPadding().getStatements();
            unit = statements.isEmpty() ? DEFAULT_UNIT : unit(indentOf(b.getEnd()), indentOf(statements.get(0).getElement().getPrefix()));
            List<JRightPadded<Statement>> fixed = fix(statements, ctx);
            return fixed == statements ? b : b.getPadding().withStatements(fixed);
        }

        @Override
        public J.MethodInvocation visitMethodInvocation(J.MethodInvocation method, ExecutionContext ctx) {
            J.MethodInvocation m = super.visitMethodInvocation(method, ctx);
            if (shapes.isSource(m) && getCursor().firstEnclosing(Javadoc.class) == null) {
                Cursor parent = getCursor().getParentTreeCursor();
                while (parent.getValue() instanceof J.Ternary || parent.getValue() instanceof J.Parentheses
                        || parent.getValue() instanceof J.TypeCast) {
                    parent = parent.getParentTreeCursor(); // return a ? x.openSession() : y.openSession() still hands it out
                }
                String reason = unheld(parent.getValue(), m);
                if (reason != null) {
                    leftAlone(m.printTrimmed(getCursor().getParentTreeCursor()), reason, ctx);
                }
            }
            return m;
        }

        /**
         * Why a session that is not a local's initializer is left alone, or null where it is handed on where it is
         * opened (returned, by a lambda too; given to a constructor or a method). A session kept in a field is left
         * alone too, and said so: the recipe cannot give a field's session a block (SG004 reports it).
         */
        private String unheld(Object parent, J.MethodInvocation call) {
            if (parent instanceof J.Assignment a) {
                boolean local = a.getVariable() instanceof J.Identifier id && id.getFieldType() != null
                        && id.getFieldType().getOwner() instanceof JavaType.Method;
                return local ? "assigned to " + text(a.getVariable()) + ", declared elsewhere" : keptInField(text(a.getVariable()));
            }
            if (parent instanceof J.VariableDeclarations.NamedVariable v && v.getVariableType() != null
                    && v.getVariableType().getOwner() != null && !(v.getVariableType().getOwner() instanceof JavaType.Method)) {
                return keptInField(v.getSimpleName());
            }
            if (parent instanceof J.MethodInvocation outer && outer.getSelect() == call) {
                return "used without a variable to close";
            }
            return null;
        }

        private static String keptInField(String field) {
            return "kept in field " + field + ": open a session per unit of work instead (SG004)";
        }

        /** The statements with every fixable session declared among them fixed; the same list if none is. */
        private List<JRightPadded<Statement>> fix(List<JRightPadded<Statement>> statements, ExecutionContext ctx) {
            for (int i = 0; i < statements.size(); i++) {
                Plan plan = plan(statements, i, ctx);
                if (plan == null) {
                    plan = resultPlan(statements, i, ctx);
                }
                if (plan != null) {
                    List<JRightPadded<Statement>> result = new ArrayList<>(statements.subList(0, i));
                    result.addAll(plan.build(ctx));
                    result.addAll(fix(statements.subList(plan.end + 1, statements.size()), ctx));
                    return result;
                }
            }
            return statements;
        }

        private Plan plan(List<JRightPadded<Statement>> statements, int at, ExecutionContext ctx) {
            if (!(statements.get(at).getElement() instanceof J.VariableDeclarations decl) || decl.getVariables().size() != 1) {
                return null;
            }
            Expression initializer = decl.getVariables().get(0).getInitializer();
            boolean result = !shapes.isSource(initializer) && shapes.isResult(initializer);
            if (!result && !shapes.isSource(initializer)) {
                return null;
            }
            J.VariableDeclarations.NamedVariable variable = decl.getVariables().get(0);
            String name = variable.getSimpleName();
            JavaType type = decl.getType();
            if (result ? !SessionShapes.isAutoCloseable(type) : !shapes.isSessionType(type)) {
                return refuse(name, "declared as " + (type == null ? "an unknown type" : TypeUtils.toString(type))
                        + (result ? ", not as the Stream or cursor it is" : ", not as a session type"), ctx);
            }
            int last = -1;
            for (int j = at + 1; j < statements.size(); j++) {
                if (!uses(statements.get(j).getElement(), variable).isEmpty()) {
                    last = j;
                }
            }
            if (last < 0) {
                return refuse(name, "never used: delete it rather than close it", ctx);
            }
            boolean autoCloseable = SessionShapes.isAutoCloseable(type);
            Statement lastUse = statements.get(last).getElement();
            int close = shapes.isCloseStatement(lastUse, name) ? last : -1;
            if (close == at + 1) {
                return null; // opened and closed at once: nothing can skip the close
            }
            J.Try guarded = close < 0 && lastUse instanceof J.Try t && t.getResources() == null && t.getFinally() != null ? t : null;
            if (guarded != null) {
                List<Statement> fin = guarded.getFinally().getStatements();
                if (fin.isEmpty() || !shapes.isCloseStatement(fin.get(fin.size() - 1), name)) {
                    if (fin.stream().anyMatch(f -> !uses(f, variable).isEmpty())) {
                        return refuse(name, "closed in finally before other statements there run: move them first", ctx);
                    }
                    guarded = null; // a try that does not close it is an ordinary use
                }
            }
            if (guarded != null && !autoCloseable) {
                return last == at + 1 ? null : intoFinallyPlan(statements, at, last, guarded, variable, ctx);
            }
            int end = extendOverLocals(statements, at, last);
            List<JRightPadded<Statement>> moved = new ArrayList<>();
            List<J> checked = new ArrayList<>();
            for (int j = at + 1; j <= end; j++) {
                if (j == close) {
                    continue;
                }
                moved.add(statements.get(j));
                if (j == last && guarded != null) {
                    List<Statement> fin = guarded.getFinally().getStatements();
                    checked.add(guarded.getBody());
                    checked.addAll(guarded.getCatches());
                    checked.addAll(fin.subList(0, fin.size() - 1));
                } else {
                    checked.add(statements.get(j).getElement());
                }
            }
            String reason = escape(checked, variable);
            if (reason != null) {
                return refuse(name, reason, ctx);
            }
            Statement closing = close < 0 ? null : statements.get(close).getElement();
            J.Try closingTry = guarded;
            return new Plan(decl, end, autoCloseable) {
                @Override
                List<JRightPadded<Statement>> build(ExecutionContext ctx) {
                    List<JRightPadded<Statement>> body = new ArrayList<>();
                    for (JRightPadded<Statement> s : moved) {
                        if (s.getElement() == closingTry) {
                            body.addAll(withoutClose(closingTry, s));
                        } else {
                            body.add(s.withElement(shift(s.getElement())));
                        }
                    }
                    Space end = Space.format("\n" + indent);
                    if (closing != null && !closing.getPrefix().getComments().isEmpty()) {
                        end = keepComments(shift(closing).getPrefix());
                    }
                    return wrap(fix(body, ctx), end);
                }

                /** The try whose finally closed the session, without that close: its body alone where nothing else is left. */
                private List<JRightPadded<Statement>> withoutClose(J.Try t, JRightPadded<Statement> padded) {
                    List<Statement> fin = t.getFinally().getStatements();
                    if (t.getCatches().isEmpty() && fin.size() == 1) {
                        return t.getBody().getPadding().getStatements();
                    }
                    J.Try inner = fin.size() == 1 ? t.getPadding().withFinally(null)
                            : t.withFinally(t.getFinally().withStatements(fin.subList(0, fin.size() - 1)));
                    return List.of(padded.withElement(shift(inner)));
                }
            };
        }

        /**
         * A session-bearing result consumed in the statement that obtains it ({@code repo.streamAllBy().map(...).toList()},
         * {@code for (X x : session.selectCursor(...))}, {@code return jdbc.queryForStream(...).count()}): the result
         * becomes the resource of a try-with-resources around the statement (and the uses of a local it declares). A
         * result held by a local is {@link #plan}'s; one returned as it is, or as a lazy view of it, is handed on; any
         * other use is left alone and reported.
         */
        private Plan resultPlan(List<JRightPadded<Statement>> statements, int at, ExecutionContext ctx) {
            Statement statement = statements.get(at).getElement();
            List<Cursor> found = results(statement, ctx);
            if (found.isEmpty()) {
                return null;
            }
            J.MethodInvocation call = found.get(0).getValue();
            String text = call.printTrimmed(getCursor());
            if (found.size() > 1) {
                return refuse(text, "one of several results in one statement: give each its own try-with-resources", ctx);
            }
            // the result and the stream operations applied to it: each a lazy view of it, up to the last
            J top = call;
            Cursor up = found.get(0).getParentTreeCursor();
            while (up.getValue() instanceof J.MethodInvocation m && m.getSelect() == top) {
                top = m;
                up = up.getParentTreeCursor();
            }
            Object parent = up.getValue();
            boolean consumed = top != call && !escapes(((Expression) top).getType());
            if (parent instanceof J.Return) {
                return consumed ? resultTry(statements, at, call, ctx) : null; // handed on: the caller closes it
            }
            if (parent instanceof J.VariableDeclarations.NamedVariable v && statement instanceof J.VariableDeclarations) {
                if (top == call) {
                    return null; // held by a local: the plan above judged it
                }
                return consumed ? resultTry(statements, at, call, ctx)
                        : refuse(text, "kept in " + v.getSimpleName() + ", a lazy view of it: hold the result itself in a"
                        + " try-with-resources resource", ctx);
            }
            if (top == statement) {
                return consumed ? resultTry(statements, at, call, ctx)
                        : refuse(text, "dropped unconsumed: delete it rather than close it", ctx);
            }
            if (parent instanceof J.ForEachLoop.Control && statement instanceof J.ForEachLoop loop
                    && loop.getControl().getIterable() == top) {
                return resultTry(statements, at, call, ctx);
            }
            return refuse(text, parent instanceof J.MethodInvocation m ? "handed to " + m.getSimpleName() + "()"
                    + ", which the recipe cannot tell closes it" : "used in a " + parent.getClass().getSimpleName()
                    + ", which the recipe does not model", ctx);
        }

        /**
         * The result calls of a statement, outside the blocks nested in it (each fixed on its own) and outside classes
         * declared in it; one in a lambda without a block is reported: there is no statement to give it a block.
         */
        private List<Cursor> results(Statement statement, ExecutionContext ctx) {
            List<Cursor> found = new ArrayList<>();
            new JavaIsoVisitor<List<Cursor>>() {
                @Override
                public J.Block visitBlock(J.Block block, List<Cursor> out) {
                    return block;
                }

                @Override
                public J.Lambda visitLambda(J.Lambda lambda, List<Cursor> out) {
                    if (!(lambda.getBody() instanceof J.Block)) {
                        List<Cursor> inside = new ArrayList<>();
                        super.visitLambda(lambda, inside);
                        for (Cursor c : inside) {
                            refuse(c.<J.MethodInvocation>getValue().printTrimmed(c.getParentTreeCursor()),
                                    "opened in a lambda expression, which has no statement to give it a block", ctx);
                        }
                    }
                    return lambda;
                }

                @Override
                public J.MethodInvocation visitMethodInvocation(J.MethodInvocation m, List<Cursor> out) {
                    J.MethodInvocation visited = super.visitMethodInvocation(m, out);
                    if (shapes.isResult(m)) {
                        out.add(getCursor());
                    }
                    return visited;
                }
            }.visit(statement, found, getCursor());
            return found;
        }

        /** Whether a value of this type keeps the result alive past the statement (a lazy view, an iterator). */
        private static boolean escapes(JavaType type) {
            return type == null || type instanceof JavaType.Unknown || SessionShapes.isAutoCloseable(type)
                    || TypeUtils.isAssignableTo("java.util.Iterator", type) || TypeUtils.isAssignableTo("java.util.Spliterator", type);
        }

        /** {@code try (Stream<T> stream = <the call>) { <the statement, the call replaced by stream> ... }}. */
        private Plan resultTry(List<JRightPadded<Statement>> statements, int at, J.MethodInvocation call, ExecutionContext ctx) {
            Statement statement = statements.get(at).getElement();
            JavaType type = call.getType();
            TypeTree typeTree = typeTree(type);
            if (typeTree == null) {
                return refuse(call.printTrimmed(getCursor()), "its type " + (type == null ? "is unknown" : TypeUtils.toString(type)
                        + " cannot be written as a simple name") + ": declare the resource by hand", ctx);
            }
            String name = freshName(TypeUtils.asFullyQualified(type));
            J.MethodDeclaration method = getCursor().firstEnclosing(J.MethodDeclaration.class);
            JavaType.Variable variableType = new JavaType.Variable(null, 0, name, method == null ? null : method.getMethodType(),
                    type, Collections.emptyList());
            J.VariableDeclarations.NamedVariable variable = new J.VariableDeclarations.NamedVariable(Tree.randomId(),
                    Space.SINGLE_SPACE, Markers.EMPTY, new J.Identifier(Tree.randomId(), Space.EMPTY, Markers.EMPTY,
                    Collections.emptyList(), name, type, variableType), Collections.emptyList(),
                    JLeftPadded.<Expression>build(call.withPrefix(Space.SINGLE_SPACE)).withBefore(Space.SINGLE_SPACE), variableType);
            J.VariableDeclarations resource = new J.VariableDeclarations(Tree.randomId(), statement.getPrefix(), Markers.EMPTY,
                    Collections.emptyList(), Collections.emptyList(), typeTree, null, Collections.emptyList(),
                    List.of(JRightPadded.build(variable)));
            Statement replaced = (Statement) new JavaVisitor<Integer>() {
                @Override
                public J visitMethodInvocation(J.MethodInvocation m, Integer p) {
                    return m.getId().equals(call.getId()) ? new J.Identifier(Tree.randomId(), m.getPrefix(), Markers.EMPTY,
                            Collections.emptyList(), name, type, variableType) : super.visitMethodInvocation(m, p);
                }
            }.visitNonNull(statement, 0);
            int end = extendOverLocals(statements, at - 1, at);
            importsOf(type);
            return new Plan(resource, end, true) {
                @Override
                List<JRightPadded<Statement>> build(ExecutionContext ctx) {
                    List<JRightPadded<Statement>> body = new ArrayList<>();
                    body.add(statements.get(at).withElement(shift(replaced.withPrefix(Space.format("\n" + indent)))));
                    for (int j = at + 1; j <= end; j++) {
                        body.add(statements.get(j).withElement(shift(statements.get(j).getElement())));
                    }
                    return wrap(fix(body, ctx), Space.format("\n" + indent));
                }
            };
        }

        /** A type as source names it (simple names, imported), or null where that takes more: a nested type, a wildcard. */
        private TypeTree typeTree(JavaType type) {
            if (type instanceof JavaType.Parameterized p) {
                TypeTree raw = typeTree(p.getType());
                if (!(raw instanceof J.Identifier clazz)) {
                    return null;
                }
                List<JRightPadded<Expression>> arguments = new ArrayList<>();
                for (JavaType argument : p.getTypeParameters()) {
                    TypeTree tree = typeTree(argument);
                    if (tree == null) {
                        return null;
                    }
                    arguments.add(JRightPadded.build((Expression) tree.withPrefix(arguments.isEmpty() ? Space.EMPTY : Space.SINGLE_SPACE)));
                }
                return new J.ParameterizedType(Tree.randomId(), Space.EMPTY, Markers.EMPTY, clazz,
                        JContainer.build(Space.EMPTY, arguments, Markers.EMPTY), p);
            }
            if (type instanceof JavaType.Class c && c.getOwningClass() == null) {
                return new J.Identifier(Tree.randomId(), Space.EMPTY, Markers.EMPTY, Collections.emptyList(), c.getClassName(), c, null);
            }
            return null;
        }

        private void importsOf(JavaType type) {
            if (type instanceof JavaType.Parameterized p) {
                importsOf(p.getType());
                p.getTypeParameters().forEach(this::importsOf);
            } else if (type instanceof JavaType.Class c && !c.getPackageName().equals("java.lang")) {
                maybeAddImport(c.getFullyQualifiedName());
            }
        }

        /** {@code stream}, {@code cursor}, ...: the type's name, numbered past the names the method already uses. */
        private String freshName(JavaType.FullyQualified type) {
            String simple = type == null ? "result" : type.getClassName();
            String base = Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
            Set<String> taken = new HashSet<>(named);
            J scope = getCursor().firstEnclosing(J.MethodDeclaration.class);
            new JavaIsoVisitor<Set<String>>() {
                @Override
                public J.Identifier visitIdentifier(J.Identifier id, Set<String> names) {
                    names.add(id.getSimpleName());
                    return id;
                }
            }.visit(scope == null ? getCursor().firstEnclosingOrThrow(J.CompilationUnit.class) : scope, taken);
            String name = base;
            for (int i = 2; taken.contains(name); i++) {
                name = base + i;
            }
            named.add(name);
            return name;
        }

        /**
         * {@code EntityManager em = open(); em.x(); try { ... } finally { em.close(); }} with an {@code EntityManager} that
         * cannot be a resource: the statements between the open and the try move into the try.
         */
        private Plan intoFinallyPlan(List<JRightPadded<Statement>> statements, int at, int last, J.Try guarded,
                                     J.VariableDeclarations.NamedVariable variable, ExecutionContext ctx) {
            String name = variable.getSimpleName();
            if (!guarded.getCatches().isEmpty()) {
                return refuse(name, "the statements before the try would move under its catch", ctx);
            }
            if (extendOverLocals(statements, at, last) != last) {
                return refuse(name, "a local declared before the try is used after it", ctx);
            }
            List<JRightPadded<Statement>> before = statements.subList(at + 1, last);
            String reason = escape(before.stream().map(JRightPadded::getElement).toList(), variable);
            if (reason != null) {
                return refuse(name, reason, ctx);
            }
            J.VariableDeclarations decl = (J.VariableDeclarations) statements.get(at).getElement();
            return new Plan(decl, last, false) {
                @Override
                List<JRightPadded<Statement>> build(ExecutionContext ctx) {
                    List<JRightPadded<Statement>> body = new ArrayList<>();
                    before.forEach(s -> body.add(s.withElement(shift(s.getElement()))));
                    body.addAll(guarded.getBody().getPadding().getStatements());
                    J.Try moved = guarded.withPrefix(before.get(0).getElement().getPrefix())
                            .withBody(guarded.getBody().getPadding().withStatements(fix(body, ctx)));
                    return List.of(statements.get(at), statements.get(last).withElement(moved));
                }
            };
        }

        /** The last statement the span must reach so that no local declared in it is used after it. */
        private int extendOverLocals(List<JRightPadded<Statement>> statements, int at, int last) {
            int end = last;
            boolean grew = true;
            while (grew) {
                grew = false;
                for (int j = at + 1; j <= end; j++) {
                    if (statements.get(j).getElement() instanceof J.VariableDeclarations local) {
                        for (J.VariableDeclarations.NamedVariable v : local.getVariables()) {
                            for (int k = statements.size() - 1; k > end; k--) {
                                if (!uses(statements.get(k).getElement(), v).isEmpty()) {
                                    end = k;
                                    grew = true;
                                    break;
                                }
                            }
                        }
                    }
                }
            }
            return end;
        }

        /** The tree one level deeper: every line break in it gains one unit of indentation. */
        private <T extends J> T shift(T tree) {
            String by = unit;
            @SuppressWarnings("unchecked")
            T shifted = (T) new JavaIsoVisitor<Integer>() {
                @Override
                public Space visitSpace(Space space, Space.Location loc, Integer p) {
                    return space.withWhitespace(deeper(space.getWhitespace(), by)).withComments(
                            ListUtils.map(space.getComments(), c -> c.withSuffix(deeper(c.getSuffix(), by))));
                }
            }.visitNonNull(tree, 0);
            return shifted;
        }

        private Plan refuse(String session, String reason, ExecutionContext ctx) {
            leftAlone(session, reason, ctx);
            return null;
        }

        private void leftAlone(String session, String reason, ExecutionContext ctx) {
            leftAlone.record(getCursor(), session, reason, ctx);
        }

        /** What a fix does once planned: the statements that replace the declaration through {@link #end}. */
        private abstract class Plan {
            final J.VariableDeclarations decl;
            final int end;
            final boolean autoCloseable;
            final String indent;

            Plan(J.VariableDeclarations decl, int end, boolean autoCloseable) {
                this.decl = decl;
                this.end = end;
                this.autoCloseable = autoCloseable;
                this.indent = indentOf(decl.getPrefix());
            }

            abstract List<JRightPadded<Statement>> build(ExecutionContext ctx);

            /** The body in try-with-resources, or after the declaration in try/finally where the type cannot be a resource. */
            List<JRightPadded<Statement>> wrap(List<JRightPadded<Statement>> statements, Space end) {
                J.Block body = new J.Block(Tree.randomId(), Space.SINGLE_SPACE, Markers.EMPTY, JRightPadded.build(false),
                        statements, end);
                if (autoCloseable) {
                    return List.of(JRightPadded.build(resourceTry(body)));
                }
                J.MethodInvocation close = closeCall(decl.getVariables().get(0));
                J.Block fin = new J.Block(Tree.randomId(), Space.SINGLE_SPACE, Markers.EMPTY, JRightPadded.build(false),
                        List.of(JRightPadded.build(shift(close))), Space.format("\n" + indent));
                J.Try t = new J.Try(Tree.randomId(), Space.format("\n" + indent), Markers.EMPTY, null, body,
                        Collections.emptyList(), JLeftPadded.build(fin).withBefore(Space.SINGLE_SPACE));
                return List.of(JRightPadded.build(decl), JRightPadded.build(t));
            }

            J.Try resourceTry(J.Block body) {
                J.Try.Resource resource = new J.Try.Resource(Tree.randomId(), Space.EMPTY, Markers.EMPTY,
                        decl.withPrefix(Space.EMPTY), false);
                return new J.Try(Tree.randomId(), decl.getPrefix(), Markers.EMPTY,
                        JContainer.build(Space.SINGLE_SPACE, List.of(JRightPadded.build(resource)), Markers.EMPTY),
                        body, Collections.emptyList(), null);
            }

            private J.MethodInvocation closeCall(J.VariableDeclarations.NamedVariable v) {
                JavaType.FullyQualified owner = TypeUtils.asFullyQualified(decl.getType());
                JavaType.Method close = owner == null ? null : owner.getMethods().stream()
                        .filter(m -> m.getName().equals("close") && m.getParameterTypes().isEmpty()).findFirst().orElse(null);
                J.Identifier select = new J.Identifier(Tree.randomId(), Space.EMPTY, Markers.EMPTY, Collections.emptyList(),
                        v.getSimpleName(), v.getType(), v.getVariableType());
                J.Identifier name = new J.Identifier(Tree.randomId(), Space.EMPTY, Markers.EMPTY, Collections.emptyList(),
                        "close", close, null);
                JContainer<Expression> noArguments = JContainer.build(Space.EMPTY,
                        List.of(JRightPadded.build(new J.Empty(Tree.randomId(), Space.EMPTY, Markers.EMPTY))), Markers.EMPTY);
                return new J.MethodInvocation(Tree.randomId(), Space.format("\n" + indent), Markers.EMPTY,
                        JRightPadded.build(select), null, name, noArguments, close);
            }

            /** The removed close's comments, kept before the block's closing brace. */
            Space keepComments(Space closePrefix) {
                List<Comment> comments = new ArrayList<>(closePrefix.getComments());
                int last = comments.size() - 1;
                comments.set(last, comments.get(last).withSuffix("\n" + indent));
                return closePrefix.withComments(comments);
            }
        }

        /**
         * Why moving these trees into the session's block is unsafe, or null: the session returned, stored, aliased,
         * handed to a constructor or a keeper, captured, or closed somewhere the fix would not remove.
         */
        private String escape(List<? extends J> trees, J.VariableDeclarations.NamedVariable variable) {
            String name = variable.getSimpleName();
            for (J tree : trees) {
                for (Cursor use : uses(tree, variable)) {
                    for (Cursor c = use.getParentTreeCursor(); c != null && c.getValue() instanceof J; c = c.getParent()) {
                        if (c.getValue() instanceof J.Lambda || c.getValue() instanceof J.MemberReference) {
                            return "captured by a lambda, which may run after the block";
                        }
                        if (c.getValue() instanceof J.NewClass n && n.getBody() != null) {
                            return "captured by an anonymous class, which may run after the block";
                        }
                        if (c.getValue() == tree) {
                            break;
                        }
                    }
                    Object parent = use.getParentTreeCursor().getValue();
                    J.Identifier id = use.getValue();
                    if (parent instanceof J.MethodInvocation m) {
                        if (m.getSelect() == id) {
                            if (m.getSimpleName().equals("close")) {
                                return "closed on some paths only: the fix would close it twice";
                            }
                        } else if (shapes.isCloseCall(m, name)) {
                            return "closed on some paths only: the fix would close it twice";
                        } else if (shapes.keeps(m)) {
                            return "handed to " + m.getSimpleName() + "(), which keeps or returns it";
                        }
                    } else if (parent instanceof J.NewClass n) {
                        return "handed to a constructor (new " + n.getClazz() + "), whose object owns it";
                    } else if (parent instanceof J.Return) {
                        return "returned: the caller owns it";
                    } else if (parent instanceof J.Assignment a) {
                        return a.getVariable() == id ? "assigned more than once" : "stored in " + text(a.getVariable());
                    } else if (parent instanceof J.AssignmentOperation || parent instanceof J.Unary) {
                        return "assigned more than once";
                    } else if (parent instanceof J.VariableDeclarations.NamedVariable v) {
                        return "aliased as " + v.getSimpleName();
                    } else if (!(parent instanceof J.Binary || parent instanceof J.InstanceOf || parent instanceof J.ControlParentheses
                            || parent instanceof J.Parentheses || parent instanceof J.FieldAccess)) {
                        return "used in a " + parent.getClass().getSimpleName() + ", which the recipe does not model";
                    }
                }
            }
            return null;
        }
    }

    /** The references to a local variable in a tree, as cursors (their parents tell how it is used). */
    static List<Cursor> uses(J tree, J.VariableDeclarations.NamedVariable variable) {
        List<Cursor> found = new ArrayList<>();
        String name = variable.getSimpleName();
        JavaType.Variable type = variable.getVariableType();
        new JavaIsoVisitor<List<Cursor>>() {
            @Override
            public J.Identifier visitIdentifier(J.Identifier id, List<Cursor> out) {
                Object parent = getCursor().getParentTreeCursor().getValue();
                boolean reference = id.getSimpleName().equals(name)
                        && !(parent instanceof J.FieldAccess f && f.getName() == id)
                        && !(parent instanceof J.MethodInvocation m && m.getName() == id)
                        && !(parent instanceof J.VariableDeclarations.NamedVariable v && v.getName() == id)
                        && (type == null || id.getFieldType() == null || Objects.equals(type, id.getFieldType()));
                if (reference) {
                    out.add(getCursor());
                }
                return id;
            }
        }.visit(tree, found);
        return found;
    }

    /** A short name of an assignment's target for the report. */
    private static String text(Expression e) {
        if (e instanceof J.Identifier id) {
            return id.getSimpleName();
        }
        if (e instanceof J.FieldAccess f) {
            return text(f.getTarget()) + "." + f.getSimpleName();
        }
        return "an " + e.getClass().getSimpleName();
    }

    private static final String DEFAULT_UNIT = "    ";

    /** The indentation a block's statements have beyond its closing brace's, or four spaces. */
    private static String unit(String brace, String statement) {
        return statement.length() > brace.length() && statement.startsWith(brace) ? statement.substring(brace.length()) : DEFAULT_UNIT;
    }

    private static String deeper(String whitespace, String unit) {
        return whitespace.contains("\n") ? whitespace + unit : whitespace;
    }

    private static String indentOf(Space prefix) {
        String ws = prefix.getComments().isEmpty() ? prefix.getWhitespace()
                : prefix.getComments().get(prefix.getComments().size() - 1).getSuffix();
        return ws.substring(ws.lastIndexOf('\n') + 1);
    }
}
