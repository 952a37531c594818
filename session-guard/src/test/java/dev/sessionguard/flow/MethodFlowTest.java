package dev.sessionguard.flow;

import dev.sessionguard.flow.SessionFinding.How;
import dev.sessionguard.testing.Compiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path exploration of one method on its own, with a call model whose answers the test fixes: every way a session
 * is lost, escapes, is closed or handed on, and the answers of the three tracking modes, to the line.
 */
class MethodFlowTest {
    private static final String SQL_EXCEPTION = "java/sql/SQLException";

    private static final String SOURCE = """
            package t;

            import java.sql.Connection;
            import java.sql.SQLException;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.function.Supplier;
            import javax.sql.DataSource;

            class Risky {
                static void fail() throws SQLException {
                }

                static void anything() throws Exception {
                }
            }

            class Db {
                static void closeQuietly(Connection c) {
                }

                static Connection wrap(Connection c) {
                    return c;
                }
            }

            interface Sess {
                boolean isOpen();

                void close();
            }

            interface Factory {
                Sess open();
            }

            class Holder implements AutoCloseable {
                final Connection c;

                Holder(Connection c) {
                    this.c = c;
                }

                Holder self() {
                    return this;
                }

                public void close() {
                }
            }

            public class Cases {
                DataSource ds;
                Factory factory;
                Connection field;
                static Connection shared;
                List<Connection> pool = new ArrayList<>();
                boolean flag;

                static void use(Connection c) {
                }

                void closed() throws SQLException {
                    Connection c = ds.getConnection(); // @closed-open
                    c.close(); // @closed-close
                }

                void openAtReturn() throws SQLException {
                    Connection c = ds.getConnection();
                    c.getAutoCommit(); // @openAtReturn-use
                } // @openAtReturn-return

                void discarded() throws SQLException {
                    ds.getConnection(); // @discarded
                }

                void passedAndDropped() throws SQLException {
                    use(ds.getConnection()); // @passed
                }

                void overwritten() throws SQLException {
                    Connection c = ds.getConnection();
                    c = null; // @overwritten
                    use(c);
                }

                void reopened(int n) throws SQLException {
                    for (int i = 0; i < n; i++) {
                        Connection c = ds.getConnection(); // @reopened
                        use(c);
                    }
                }

                void closeNotGuaranteed() throws SQLException {
                    Connection c = ds.getConnection();
                    Risky.fail(); // @cng-fail
                    c.close(); // @cng-close
                }

                void thrownWhileOpen() throws SQLException {
                    Connection c = ds.getConnection();
                    if (flag) {
                        throw new SQLException(); // @throw
                    }
                    c.close();
                }

                void tryFinally() throws SQLException {
                    Connection c = ds.getConnection();
                    try {
                        Risky.fail();
                    } finally {
                        c.close();
                    }
                }

                void nullCheckedFinally() throws SQLException {
                    Connection c = null;
                    try {
                        c = ds.getConnection();
                        Risky.fail();
                    } finally {
                        if (c != null) {
                            c.close();
                        }
                    }
                }

                void caughtAndClosed() throws SQLException {
                    Connection c = ds.getConnection();
                    try {
                        Risky.fail();
                    } catch (SQLException e) {
                        c.close();
                        throw e;
                    }
                    c.close();
                }

                void caughtInPart() throws Exception {
                    Connection c = ds.getConnection();
                    try {
                        Risky.anything(); // @part
                    } catch (SQLException e) {
                        c.close();
                        return;
                    }
                    c.close();
                }

                void tryWithResources() throws SQLException {
                    try (Connection c = ds.getConnection()) {
                        Risky.fail();
                    }
                }

                void storedInField() throws SQLException {
                    field = ds.getConnection(); // @field
                }

                void storedInStatic() throws SQLException {
                    shared = ds.getConnection(); // @static
                }

                void handedToList() throws SQLException {
                    pool.add(ds.getConnection());
                }

                Runnable capturedByLambda() throws SQLException {
                    Connection c = ds.getConnection();
                    return () -> use(c);
                }

                String describedInAString() throws SQLException {
                    Connection c = ds.getConnection();
                    return "connection " + c; // @described
                }

                void openedOnlyWhereNullIsNull() throws SQLException {
                    Connection none = null;
                    if (none == null) {
                        use(ds.getConnection()); // @nullSide
                    }
                }

                void sessionNeverNull() throws SQLException {
                    Connection c = ds.getConnection();
                    if (c == null) {
                        use(ds.getConnection());
                        return;
                    }
                    c.close();
                }

                void leaksWhenArgumentIsNull(Object o) throws SQLException {
                    Connection c = ds.getConnection();
                    if (o == null) {
                        return; // @argNull
                    }
                    c.close();
                }

                void closedSideMatters() throws SQLException {
                    Connection c = ds.getConnection();
                    if (c.isClosed()) {
                        use(ds.getConnection()); // @closedSide
                        return;
                    }
                    c.close();
                }

                void keep(Connection c) {
                }

                void keptByThis() throws SQLException {
                    Connection c = ds.getConnection();
                    keep(c);
                    this.keep(c);
                    c.close();
                }

                void closer() throws SQLException {
                    Connection c = ds.getConnection();
                    Db.closeQuietly(c); // @closer
                }

                void closedThroughWrapper() throws SQLException {
                    Connection w = Db.wrap(ds.getConnection());
                    w.close();
                }

                void closedUnlessClosed() throws SQLException {
                    Connection c = ds.getConnection();
                    if (!c.isClosed()) {
                        c.close();
                    }
                }

                void closedWhenOpen() {
                    Sess c = factory.open();
                    if (c.isOpen()) {
                        c.close();
                    }
                }

                void ownedByFlag() throws SQLException {
                    boolean own = true;
                    Connection c = ds.getConnection();
                    if (own) {
                        c.close();
                    }
                }

                void ownedByMode() throws SQLException {
                    int mode = 2;
                    Connection c = ds.getConnection();
                    if (mode >= 2) {
                        c.close();
                    }
                }

                void closedOnOneBranch() throws SQLException {
                    Connection c = ds.getConnection();
                    if (flag) {
                        c.close();
                    }
                } // @oneBranch-return

                void wideLocals(long a, double b) throws SQLException {
                    long t = a * 2L + (long) b;
                    double d = -b / 3.0 + t;
                    Connection c = ds.getConnection();
                    if (d > t) {
                        t = -t;
                    }
                    c.close();
                }

                void everyCase(int k) throws SQLException {
                    Connection c = ds.getConnection();
                    switch (k) {
                        case 1: c.close(); break;
                        case 2: c.close(); break;
                        case 3: c.close(); break;
                        default: c.close();
                    }
                }

                void sparseCases(int k) throws SQLException {
                    Connection c = ds.getConnection();
                    switch (k) {
                        case 1: c.close(); break;
                        case 1000: c.close(); break;
                        default:
                    }
                } // @sparse-return

                Holder wrappedInConstructor() throws SQLException {
                    return new Holder(ds.getConnection());
                }

                void wrappedAndClosed() throws SQLException {
                    Holder h = new Holder(ds.getConnection());
                    h.close();
                }

                Connection fresh() throws SQLException {
                    return ds.getConnection();
                }

                Connection closedThenReturned() throws SQLException {
                    Connection c = ds.getConnection();
                    c.close();
                    return c;
                }

                Connection sometimesNull() throws SQLException {
                    if (flag) {
                        return null;
                    }
                    return ds.getConnection();
                }

                void opensNothing() {
                    use(null);
                }

                int opensNothingAndReturns() {
                    return 1;
                }

                static void closesParameter(Connection c) throws SQLException {
                    c.close();
                }

                void openedInCatch() throws SQLException {
                    try {
                        Risky.fail();
                    } catch (SQLException e) {
                        use(ds.getConnection()); // @inCatch
                    }
                }

                static void closesUnlessCommitFails(Connection c) throws SQLException {
                    try {
                        c.commit();
                    } catch (SQLException e) {
                        return;
                    }
                    c.close();
                }

                static void closesIfNotNull(Connection c) throws SQLException {
                    if (c != null) {
                        c.close();
                    }
                }

                static void closesOnOneBranch(Connection c, boolean b) throws SQLException {
                    if (b) {
                        c.close();
                    }
                }

                static void dropsParameter(Connection c) {
                    use(c);
                }

                static void loopsForever(Connection c) {
                    while (true) {
                        use(c);
                    }
                }

                static Connection returnsParameter(Connection c) {
                    return c;
                }

                static Connection returnsOther(Connection c, DataSource ds) throws SQLException {
                    return ds.getConnection();
                }

                static Connection returnsParameterSometimes(Connection c, boolean b) {
                    return b ? c : null;
                }

                static void swallows() {
                    try {
                        Risky.fail();
                    } catch (SQLException e) {
                        use(null);
                    }
                }

                static void throwsNew() {
                    throw new IllegalStateException();
                }

                static void throwsProgrammingError(int kind) {
                    switch (kind) {
                        case 0:
                            return;
                        default:
                            throw new IllegalArgumentException("unknown kind " + kind);
                    }
                }

                static void rethrowsWrapped() {
                    try {
                        Risky.fail();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }

                static void rethrows() throws SQLException {
                    try {
                        Risky.fail();
                    } catch (SQLException e) {
                        use(null);
                        throw e;
                    }
                }

                static void catchesPart() throws Exception {
                    try {
                        Risky.anything();
                    } catch (SQLException e) {
                        use(null);
                    }
                }

                static void throwsWhatItGets(Supplier<RuntimeException> s) {
                    throw s.get();
                }

                static void throwsWhatItHolds(Throwable[] held) throws Throwable {
                    throw held[0];
                }

                static SQLException translated(RuntimeException e) {
                    return new SQLException(e);
                }

                static void throwsWhatAFactoryReturns(RuntimeException e) throws SQLException {
                    throw translated(e);
                }

                static void finallyRuns() throws SQLException {
                    try {
                        Risky.fail();
                    } finally {
                        use(null);
                    }
                }
            }
            """;

    /** Sources, closers, a pass-through and what calls throw, fixed by the test. */
    private static final CallModel CALLS = new CallModel() {
        @Override
        public boolean isSource(MethodInsnNode call) {
            return call.owner.equals("javax/sql/DataSource") && call.name.equals("getConnection")
                    || call.owner.equals("t/Factory") && call.name.equals("open");
        }

        @Override
        public boolean closesArgument(MethodInsnNode call, int index) {
            return call.name.equals("closeQuietly") && index == 0;
        }

        @Override
        public int returnsArgument(MethodInsnNode call) {
            if (call.name.equals("wrap")) {
                return 0;
            }
            return call.name.equals("self") ? MethodFlow.RECEIVER : NO_ARGUMENT;
        }

        @Override
        public Set<String> thrownBy(MethodInsnNode call) {
            if (call.name.equals("close") || call.name.equals("<init>") || call.name.equals("isClosed")) {
                return Set.of();
            }
            if (call.name.equals("anything")) {
                return Set.of(ANY);
            }
            return call.owner.startsWith("java/sql/") || call.owner.equals("t/Risky") ? Set.of(SQL_EXCEPTION) : Set.of();
        }

        @Override
        public Catch catches(String catchType, String thrown) {
            if (catchType == null || catchType.equals(thrown) || catchType.equals(ANY)
                    || catchType.equals("java/lang/Throwable")) {
                return Catch.ALL;
            }
            return catchType.equals(SQL_EXCEPTION) && thrown.equals(ANY) ? Catch.SOME : Catch.NONE;
        }

        @Override
        public boolean isProgrammingError(String thrown) {
            return thrown.equals("java/lang/IllegalArgumentException");
        }

        @Override
        public boolean keeps(MethodInsnNode call) {
            return call.owner.startsWith("java/util/") && (call.name.equals("add") || call.name.equals("put"))
                    || call.owner.equals("java/lang/ThreadLocal") && call.name.equals("set");
        }

        @Override
        public boolean ownsWhatItIsGiven(String internalName) {
            return !internalName.startsWith("java/lang/") && !internalName.contains("$");
        }

        @Override
        public boolean isSessionType(String internalName) {
            return internalName.startsWith("java/sql/") || internalName.startsWith("org/hibernate/");
        }

        @Override
        public boolean isKeeper(String internalName) {
            return internalName.startsWith("java/util/");
        }

        @Override
        public boolean lambdaCloses(String owner, String name, String desc, int index) {
            return name.equals("closeQuietly") && index == 0;
        }
    };

    private static final String[] RELATIONS = {"<", "<=", ">", ">=", "==", "!="};

    /**
     * One method per relation, per side of the boundary and per form (two constants, or one against zero, which javac
     * compiles to other jumps): the session is closed only on the side the constants take.
     */
    private static String relations() {
        StringBuilder s = new StringBuilder("""
                package t;

                import java.sql.Connection;
                import java.sql.SQLException;
                import javax.sql.DataSource;

                public class Relations {
                    DataSource ds;
                """);
        int[][] pairs = {{1, 2}, {2, 2}, {3, 2}, {-1, 0}, {0, 0}, {1, 0}};
        for (int r = 0; r < RELATIONS.length; r++) {
            for (int[] pair : pairs) {
                boolean holds = switch (RELATIONS[r]) {
                    case "<" -> pair[0] < pair[1];
                    case "<=" -> pair[0] <= pair[1];
                    case ">" -> pair[0] > pair[1];
                    case ">=" -> pair[0] >= pair[1];
                    case "==" -> pair[0] == pair[1];
                    default -> pair[0] != pair[1];
                };
                String right = pair[1] == 0 ? "0" : "b";
                s.append("    void r").append(r).append('_').append(pair[0] + 1).append('_').append(pair[1])
                        .append("() throws SQLException {\n")
                        .append("        int a = ").append(pair[0]).append(";\n")
                        .append("        int b = ").append(pair[1]).append(";\n")
                        .append("        Connection c = ds.getConnection();\n")
                        .append("        if (a ").append(RELATIONS[r]).append(' ').append(right).append(") {\n")
                        .append(holds ? "            c.close();\n" : "            b++;\n")
                        .append("        } else {\n")
                        .append(holds ? "            b--;\n" : "            c.close();\n")
                        .append("        }\n    }\n");
            }
        }
        return s.append("}\n").toString();
    }

    private static ClassNode cases;
    private static ClassNode relations;

    @BeforeAll
    static void compile(@TempDir Path dir) throws IOException {
        Path classes = Compiler.compile(dir, Map.of("t/Cases.java", SOURCE, "t/Relations.java", relations()));
        cases = read(classes.resolve("t/Cases.class"));
        relations = read(classes.resolve("t/Relations.class"));
    }

    private static ClassNode read(Path classFile) throws IOException {
        ClassNode node = new ClassNode();
        new ClassReader(Files.readAllBytes(classFile)).accept(node, 0);
        return node;
    }

    private static MethodNode method(String name) {
        return cases.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    private static int line(String marker) {
        String[] lines = SOURCE.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].endsWith("// @" + marker)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(marker);
    }

    private static MethodFlow.Sessions sessions(String method) {
        MethodFlow.Sessions s = MethodFlow.ofSources(method(method), CALLS);
        assertThat(s.failure()).as(method).isNull();
        return s;
    }

    private static SessionFinding.Loss leak(String method) {
        MethodFlow.Sessions s = sessions(method);
        assertThat(s.sites()).hasSize(1);
        assertThat(s.leaks()).as(method).containsOnlyKeys(0);
        return s.leaks().get(0).loss();
    }

    @Test
    void a_session_closed_on_the_one_path_is_closed_where_close_is_called() {
        MethodFlow.Sessions s = sessions("closed");
        assertThat(s.sites()).singleElement().satisfies(site -> {
            assertThat(site.line()).isEqualTo(line("closed-open"));
            assertThat(site.call()).isEqualTo("DataSource.getConnection()");
        });
        assertThat(s.leaks()).isEmpty();
        assertThat(s.escapes()).isEmpty();
        assertThat(s.closeLines()).containsExactly(Map.entry(0, line("closed-close")));
        assertThat(s.fieldStores()).isEmpty();
        assertThat(s.returns()).isFalse();
        assertThat(s.isSource()).isFalse();
    }

    @Test
    void each_way_of_losing_a_session_is_told_apart_with_its_line() {
        assertThat(leak("openAtReturn")).isEqualTo(new SessionFinding.Loss(How.OPEN_AT_RETURN, line("openAtReturn-return"), null));
        assertThat(leak("discarded")).isEqualTo(new SessionFinding.Loss(How.DISCARDED, line("discarded"), null));
        assertThat(leak("passedAndDropped")).isEqualTo(new SessionFinding.Loss(How.PASSED_AND_DROPPED, line("passed"), "use()"));
        assertThat(leak("overwritten")).isEqualTo(new SessionFinding.Loss(How.OVERWRITTEN, line("overwritten"), null));
        assertThat(leak("reopened")).isEqualTo(new SessionFinding.Loss(How.REOPENED, line("reopened"), null));
        assertThat(leak("closedOnOneBranch")).isEqualTo(new SessionFinding.Loss(How.OPEN_AT_RETURN, line("oneBranch-return"), null));
        assertThat(leak("describedInAString")).as("string concatenation is no lambda: it takes nothing over")
                .isEqualTo(new SessionFinding.Loss(How.OPEN_AT_RETURN, line("described"), null));
        assertThat(leak("openedOnlyWhereNullIsNull")).as("a null local takes only its null side")
                .isEqualTo(new SessionFinding.Loss(How.PASSED_AND_DROPPED, line("nullSide"), "use()"));
        assertThat(leak("leaksWhenArgumentIsNull")).as("a null check on anything else takes both sides")
                .isEqualTo(new SessionFinding.Loss(How.OPEN_AT_RETURN, line("argNull"), null));
        MethodFlow.Sessions closedSide = sessions("closedSideMatters");
        assertThat(closedSide.leaks()).as("the side where isClosed() is true is followed, with the first session closed")
                .containsOnlyKeys(1);
        assertThat(closedSide.leaks().get(1).loss()).isEqualTo(new SessionFinding.Loss(How.PASSED_AND_DROPPED,
                line("closedSide"), "use()"));
        MethodFlow.Sessions neverNull = sessions("sessionNeverNull");
        assertThat(neverNull.sites()).hasSize(2);
        assertThat(neverNull.leaks()).as("a session a source returned is never null").isEmpty();
        assertThat(sessions("keptByThis").leaks()).isEmpty();
        assertThat(leak("openedInCatch")).as("a handler is explored even when no session is open before it")
                .isEqualTo(new SessionFinding.Loss(How.PASSED_AND_DROPPED, line("inCatch"), "use()"));
        assertThat(leak("sparseCases")).isEqualTo(new SessionFinding.Loss(How.OPEN_AT_RETURN, line("sparse-return"), null));
    }

    @Test
    void an_exception_between_open_and_close_escapes_with_the_call_that_throws_it() {
        MethodFlow.Sessions s = sessions("closeNotGuaranteed");
        assertThat(s.leaks()).isEmpty();
        assertThat(s.escapes().get(0).escape()).isEqualTo(new SessionFinding.Escape(line("cng-fail"), "fail()"));
        assertThat(s.closeLines()).containsExactly(Map.entry(0, line("cng-close")));

        MethodFlow.Sessions thrown = sessions("thrownWhileOpen");
        assertThat(thrown.leaks()).isEmpty();
        assertThat(thrown.escapes().get(0).escape()).isEqualTo(new SessionFinding.Escape(line("throw"), null));
        assertThat(thrown.escapes().get(0).insn()).isGreaterThan(thrown.sites().get(0).insn());

        MethodFlow.Sessions part = sessions("caughtInPart");
        assertThat(part.leaks()).isEmpty();
        assertThat(part.escapes().get(0).escape()).as("what the SQLException handler does not catch")
                .isEqualTo(new SessionFinding.Escape(line("part"), "anything()"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tryFinally", "nullCheckedFinally", "caughtAndClosed", "tryWithResources", "closer",
            "closedThroughWrapper", "closedUnlessClosed", "closedWhenOpen", "ownedByFlag", "ownedByMode", "wideLocals",
            "everyCase", "wrappedAndClosed"})
    void a_session_closed_on_every_path_neither_leaks_nor_escapes(String method) {
        MethodFlow.Sessions s = sessions(method);
        assertThat(s.sites()).hasSize(1);
        assertThat(s.leaks()).isEmpty();
        assertThat(s.escapes()).isEmpty();
        assertThat(s.closeLines()).containsKey(0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"storedInField", "storedInStatic", "handedToList", "capturedByLambda", "wrappedInConstructor"})
    void a_session_handed_on_is_not_the_methods_to_close(String method) {
        MethodFlow.Sessions s = sessions(method);
        assertThat(s.leaks()).isEmpty();
        assertThat(s.escapes()).isEmpty();
        assertThat(s.closeLines()).isEmpty();
    }

    @Test
    void field_stores_name_the_field_and_the_line() {
        assertThat(sessions("storedInField").fieldStores()).containsExactly(new FieldStore("t/Cases", "field", line("field")));
        assertThat(sessions("storedInStatic").fieldStores()).containsExactly(new FieldStore("t/Cases", "shared", line("static")));
        assertThat(sessions("handedToList").fieldStores()).isEmpty();
    }

    @Test
    void a_method_returning_a_fresh_session_on_every_path_is_a_source() {
        assertThat(sessions("fresh").isSource()).isTrue();
        assertThat(sessions("fresh").returns()).isTrue();
        assertThat(sessions("closedThenReturned").isSource()).isFalse();
        assertThat(sessions("closedThenReturned").returns()).isTrue();
        assertThat(sessions("sometimesNull").isSource()).isFalse();
        assertThat(sessions("wrappedInConstructor").returnsOnlyFreshSessions()).isTrue();
        assertThat(sessions("capturedByLambda").isSource()).isFalse();
    }

    @Test
    void a_method_that_opens_nothing_is_not_explored() {
        MethodFlow.Sessions s = sessions("opensNothing");
        assertThat(s.sites()).isEmpty();
        assertThat(s.returns()).isFalse();
        assertThat(s.returnsOnlyFreshSessions()).isTrue();
        assertThat(sessions("opensNothingAndReturns").returns()).as("not explored").isFalse();
        assertThat(MethodFlow.ofSources(new MethodNode(Opcodes.ACC_ABSTRACT, "m", "()V", null, null), CALLS).sites()).isEmpty();
    }

    @Test
    void a_parameter_closed_on_every_normal_path_makes_a_closer() {
        assertThat(MethodFlow.ofParameter(method("closesParameter"), CALLS, 0).closes()).isTrue();
        assertThat(MethodFlow.ofParameter(method("closesIfNotNull"), CALLS, 0).closes()).isTrue();
        assertThat(MethodFlow.ofParameter(method("closesUnlessCommitFails"), CALLS, 0).closes())
                .as("only paths that complete normally count").isTrue();
        assertThat(MethodFlow.ofParameter(method("closesOnOneBranch"), CALLS, 0).closes()).isFalse();
        assertThat(MethodFlow.ofParameter(method("dropsParameter"), CALLS, 0).closes()).isFalse();
        MethodFlow.ParameterFate forever = MethodFlow.ofParameter(method("loopsForever"), CALLS, 0);
        assertThat(forever.reachedExit()).isFalse();
        assertThat(forever.closes()).as("no path ends, so none closes").isFalse();
        assertThat(MethodFlow.ofParameter(method("closesParameter"), CALLS, 0).passesThrough()).isFalse();
    }

    @Test
    void a_parameter_returned_on_every_normal_path_passes_through() {
        assertThat(MethodFlow.ofParameter(method("returnsParameter"), CALLS, 0).passesThrough()).isTrue();
        assertThat(MethodFlow.ofParameter(method("returnsParameter"), CALLS, 0).closes()).isFalse();
        assertThat(MethodFlow.ofParameter(method("returnsOther"), CALLS, 0).passesThrough()).isFalse();
        assertThat(MethodFlow.ofParameter(method("returnsParameterSometimes"), CALLS, 0).passesThrough()).isFalse();
    }

    @Test
    void the_receiver_can_be_tracked_as_the_parameter() throws IOException {
        ClassNode holder = new ClassNode();
        Path dir = Files.createTempDirectory("holder");
        Path classes = Compiler.compile(dir, Map.of("t/Cases.java", SOURCE));
        new ClassReader(Files.readAllBytes(classes.resolve("t/Holder.class"))).accept(holder, 0);
        MethodNode self = holder.methods.stream().filter(m -> m.name.equals("self")).findFirst().orElseThrow();
        assertThat(MethodFlow.ofParameter(self, CALLS, MethodFlow.RECEIVER).passesThrough()).isTrue();
        assertThat(MethodFlow.ofParameter(self, CALLS, 0).passesThrough()).as("no such parameter").isFalse();
    }

    @Test
    void the_may_throw_summary_follows_handlers_and_rethrows() {
        assertThat(thrown("swallows")).isEmpty();
        assertThat(thrown("throwsNew")).containsExactly("java/lang/IllegalStateException");
        assertThat(thrown("throwsProgrammingError")).as("a programming error is no path").isEmpty();
        assertThat(thrown("rethrowsWrapped")).containsExactly("java/lang/IllegalStateException");
        assertThat(thrown("rethrows")).containsExactly(SQL_EXCEPTION);
        assertThat(thrown("catchesPart")).as("a handler of a subtype passes the rest on").containsExactly(CallModel.ANY);
        assertThat(thrown("throwsWhatItGets")).as("the cast says its type").containsExactly("java/lang/RuntimeException");
        assertThat(thrown("throwsWhatItHolds")).as("a value of unknown type").containsExactly(CallModel.ANY);
        assertThat(thrown("throwsWhatAFactoryReturns")).as("the factory's return type").containsExactly(SQL_EXCEPTION);
        assertThat(thrown("finallyRuns")).containsExactly(SQL_EXCEPTION);
        assertThat(thrown("nullCheckedFinally")).as("the finally of a failed open sees null, then rethrows")
                .containsExactly(SQL_EXCEPTION);
        assertThat(thrown("opensNothing")).isEmpty();
    }

    @Test
    void a_method_beyond_the_state_limit_fails_with_the_reason() {
        MethodFlow.MayThrow tooComplex = MethodFlow.ofThrows(method("everyCase"), CALLS, 5);
        assertThat(tooComplex.failure()).isEqualTo("AnalyzerException: more than 5 states (method too complex)");
        assertThat(MethodFlow.ofThrows(method("everyCase"), CALLS, MethodFlow.STATE_LIMIT).failure()).isNull();
    }

    @Test
    void a_branch_on_constants_follows_only_the_side_they_take_for_every_relation() {
        List<MethodNode> generated = relations.methods.stream().filter(m -> m.name.startsWith("r")).toList();
        assertThat(generated).hasSize(RELATIONS.length * 6);
        for (MethodNode m : generated) {
            MethodFlow.Sessions s = MethodFlow.ofSources(m, CALLS);
            assertThat(s.leaks()).as(m.name).isEmpty();
            assertThat(s.closeLines()).as(m.name).containsKey(0);
        }
    }

    /**
     * Old class files (before Java 6) run {@code finally} as a subroutine: JSR to it, RET back. The session closed in
     * the subroutine is closed on the path that returns.
     */
    @Test
    void a_finally_subroutine_of_an_old_class_file_is_followed_there_and_back() {
        MethodFlow.Sessions closed = MethodFlow.ofSources(subroutine(true), CALLS);
        assertThat(closed.failure()).isNull();
        assertThat(closed.leaks()).isEmpty();
        assertThat(closed.closeLines()).containsKey(0);
        MethodFlow.Sessions open = MethodFlow.ofSources(subroutine(false), CALLS);
        assertThat(open.leaks().get(0).loss().how()).isEqualTo(How.OPEN_AT_RETURN);
    }

    /** {@code c = ds.getConnection(); jsr L; return; L: astore 2; [c.close()]; ret 2}, in Java 1.4's shape. */
    private static MethodNode subroutine(boolean closes) {
        MethodNode m = new MethodNode(Opcodes.ACC_PUBLIC, "old", "()V", null, null);
        LabelNode sub = new LabelNode();
        InsnList code = m.instructions;
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        code.add(new FieldInsnNode(Opcodes.GETFIELD, "t/Cases", "ds", "Ljavax/sql/DataSource;"));
        code.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, "javax/sql/DataSource", "getConnection",
                "()Ljava/sql/Connection;", true));
        code.add(new VarInsnNode(Opcodes.ASTORE, 1));
        code.add(new JumpInsnNode(Opcodes.JSR, sub));
        code.add(new InsnNode(Opcodes.RETURN));
        code.add(sub);
        code.add(new VarInsnNode(Opcodes.ASTORE, 2));
        if (closes) {
            code.add(new VarInsnNode(Opcodes.ALOAD, 1));
            code.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, "java/sql/Connection", "close", "()V", true));
        }
        code.add(new VarInsnNode(Opcodes.RET, 2));
        m.maxLocals = 3;
        m.maxStack = 2;
        return m;
    }

    @Test
    void results_cannot_be_changed() {
        MethodFlow.Sessions s = sessions("storedInField");
        assertThat(s.fieldStores()).isUnmodifiable();
        assertThat(s.sites()).isUnmodifiable();
        assertThat(thrown("rethrows")).isUnmodifiable();
    }

    private static Set<String> thrown(String method) {
        MethodFlow.MayThrow t = MethodFlow.ofThrows(method(method), CALLS, MethodFlow.STATE_LIMIT);
        assertThat(t.failure()).as(method).isNull();
        return t.thrown();
    }

}
