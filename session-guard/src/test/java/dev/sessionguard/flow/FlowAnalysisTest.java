package dev.sessionguard.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.testing.Compiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call model of the analysis over compiled code with real JDBC, SLF4J and Hibernate types: what a call may throw
 * (library declarations, JDK computation and callbacks, logging, the analysed code's own bodies and overrides), which
 * handler catches what, and which calls carry a session on, close it or open one. Each case is one method; the test
 * asserts every finding of the class, with its line.
 */
class FlowAnalysisTest {
    private static final String SOURCE = """
            package fa;

            import java.sql.Connection;
            import java.sql.SQLClientInfoException;
            import java.sql.SQLException;
            import java.util.List;
            import java.util.Objects;
            import javax.sql.DataSource;
            import org.hibernate.Session;
            import org.hibernate.SessionFactory;
            import org.slf4j.Logger;
            import org.slf4j.LoggerFactory;

            interface Step {
                void run();
            }

            class Quiet implements Step {
                public void run() {
                }
            }

            class Loud implements Step {
                public void run() {
                    throw new RuntimeException("the remote end went away");
                }
            }

            class Careless implements Hook {
                public void fire() {
                    throw new IllegalStateException("not initialised");
                }
            }

            interface Hook {
                void fire();
            }

            class QuietHook implements Hook {
                public void fire() {
                }
            }

            interface Wide {
                void go();
            }

            abstract class OwnDataSource implements DataSource {
            }

            class Chain {
                static void a() {
                    b();
                }

                static void a2() {
                    b2();
                }

                static void b2() {
                    c2();
                }

                static void c2() {
                    d2();
                }

                static void d2() {
                }

                static void b() {
                    c();
                }

                static void c() {
                    d();
                }

                static void d() {
                }

                static void complex(int k) {
                    int x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0, x5 = 0, x6 = 0, x7 = 0, x8 = 0, x9 = 0, x10 = 0, x11 = 0;
                    if (k > 0) { x0 = 1; }
                    if (k > 1) { x1 = 1; }
                    if (k > 2) { x2 = 1; }
                    if (k > 3) { x3 = 1; }
                    if (k > 4) { x4 = 1; }
                    if (k > 5) { x5 = 1; }
                    if (k > 6) { x6 = 1; }
                    if (k > 7) { x7 = 1; }
                    if (k > 8) { x8 = 1; }
                    if (k > 9) { x9 = 1; }
                    if (k > 10) { x10 = 1; }
                    if (k > 11) { x11 = 1; }
                }
            }

            class Wrappers {
                static Connection a(DataSource ds) throws SQLException {
                    return b(ds);
                }

                static Connection b(DataSource ds) throws SQLException {
                    return c(ds);
                }

                static Connection c(DataSource ds) throws SQLException {
                    return ds.getConnection();
                }

                static Connection z(DataSource ds) throws SQLException {
                    return ds.getConnection();
                }

                static Connection y(DataSource ds) throws SQLException {
                    return z(ds);
                }

                static Connection x(DataSource ds) throws SQLException {
                    return y(ds);
                }

                static Connection cached;

                static Connection legacy(DataSource ds) throws SQLException {
                    if (cached == null) {
                        cached = ds.getConnection();
                    }
                    return cached;
                }
            }

            interface Narrow {
                void go();
            }

            class Helpers {
                static int quiet(int x) {
                    return x + 1;
                }

                static void loud() throws SQLException {
                    throw new SQLException("no");
                }

                static Connection logged(Connection c) {
                    return c;
                }

                static Connection pick(String label, Connection c) {
                    return c;
                }

                static void shut(Connection c) throws SQLException {
                    c.close();
                }

                static void shutEither(Connection c) throws SQLException {
                    shut(c);
                }

                static void shutIfAsked(Connection c, boolean asked) throws SQLException {
                    if (asked) {
                        c.close();
                    }
                }

                static Connection open(DataSource ds) throws SQLException {
                    return ds.getConnection();
                }
            }

            interface Decorators {
                Wrapper wrap(Connection c);

                String describe(Connection c);

                Wrapper wrapLabelled(String label, Connection c);

                java.sql.Statement statement(Connection c);
            }

            abstract class TracedConnection implements Connection {
                TracedConnection traced() {
                    return this;
                }
            }

            class Closers {
                static void release(Connection c) {
                }

                static void releaseVia(Connection c) {
                    release(c);
                }
            }

            class Pool {
                private Connection kept;

                Connection getConnection() {
                    return kept;
                }
            }

            class MoreClosers extends Closers {
            }

            class Base {
                void work() throws SQLException {
                    throw new SQLException();
                }

                void calm() {
                }
            }

            class Derived extends Base {
            }

            class Wrapper implements AutoCloseable {
                final Connection c;

                Wrapper(Connection c) {
                    this.c = c;
                }

                static Wrapper around(Connection c) {
                    return new Wrapper(c);
                }

                public void close() throws SQLException {
                    c.close();
                }
            }

            public class Cases {
                static final Logger LOG = LoggerFactory.getLogger(Cases.class);
                DataSource ds;
                OwnDataSource own;
                SessionFactory sessions;
                Step step;
                Hook hook;
                Wide wide;
                Narrow narrow;
                Runnable callback;
                Decorators decorators;
                Derived derived;
                Pool pool;

                void caughtExactly() throws SQLException {
                    Connection c = ds.getConnection();
                    try {
                        c.setAutoCommit(false);
                    } catch (SQLException e) {
                        LOG.warn("x", e);
                    }
                    c.close();
                }

                void caughtBySupertype() throws SQLException {
                    Connection c = ds.getConnection();
                    try {
                        c.setClientInfo("a", "b");
                    } catch (SQLException e) {
                        LOG.warn("x", e);
                    }
                    c.close();
                }

                void caughtNarrower() throws SQLException {
                    Connection c = ds.getConnection();
                    try {
                        c.setAutoCommit(false); // @caughtNarrower
                    } catch (SQLClientInfoException e) {
                        LOG.warn("x", e);
                    }
                    c.close();
                }

                void caughtUnrelated() throws SQLException {
                    Connection c = ds.getConnection();
                    try {
                        c.setAutoCommit(false); // @caughtUnrelated
                    } catch (IllegalStateException e) {
                        LOG.warn("x", e);
                    }
                    c.close();
                }

                void jdkComputation(List<String> names) throws SQLException {
                    Connection c = ds.getConnection();
                    String s = String.valueOf(names.size()) + names.get(0).trim();
                    Objects.hash(s);
                    c.close();
                }

                void jdkCallback() throws SQLException {
                    Connection c = ds.getConnection();
                    callback.run(); // @jdkCallback
                    c.close();
                }

                void constructsAnException() throws SQLException {
                    Connection c = ds.getConnection();
                    Exception e = new IllegalStateException("kept");
                    LOG.debug("made", e);
                    c.close();
                }

                void quietHelper() throws SQLException {
                    Connection c = ds.getConnection();
                    Helpers.quiet(1);
                    c.close();
                }

                void loudHelper() throws SQLException {
                    Connection c = ds.getConnection();
                    Helpers.loud(); // @loudHelper
                    c.close();
                }

                void quietOverride() throws SQLException {
                    Connection c = ds.getConnection();
                    hook.fire();
                    c.close();
                }

                void loudOverride() throws SQLException {
                    Connection c = ds.getConnection();
                    step.run(); // @loudOverride
                    c.close();
                }

                void tooManyOverrides() throws SQLException {
                    Connection c = ds.getConnection();
                    wide.go(); // @tooManyOverrides
                    c.close();
                }

                void passedThrough() throws SQLException {
                    Connection c = Helpers.logged(ds.getConnection());
                    c.close();
                }

                void passedThroughSecond() throws SQLException {
                    Connection c = Helpers.pick("label", ds.getConnection());
                    c.close();
                }

                void decorated() throws SQLException {
                    Wrapper w = Wrapper.around(ds.getConnection());
                    w.close();
                }

                void requireNonNull() throws SQLException {
                    Connection c = Objects.requireNonNull(ds.getConnection());
                    c.close();
                }

                void inferredCloser() throws SQLException {
                    Connection c = ds.getConnection();
                    Helpers.shut(c);
                }

                void notACloser() throws SQLException {
                    Connection c = ds.getConnection(); // @notACloser
                    Helpers.shutIfAsked(c, false);
                }

                void inferredSource() throws SQLException {
                    Connection c = Helpers.open(ds); // @inferredSource
                    c.getAutoCommit();
                }

                void subtypeOfAConfiguredOwner() throws SQLException {
                    Connection c = own.getConnection(); // @subtypeOfAConfiguredOwner
                    c.getAutoCommit();
                }

                void containerManaged(Object entity) {
                    Session s = sessions.getCurrentSession();
                    s.persist(entity);
                }

                void decoratedByAnInterface() throws SQLException {
                    Wrapper w = decorators.wrap(ds.getConnection()); // @decorated
                    w.close();
                }

                String describedOnly() throws SQLException {
                    return decorators.describe(ds.getConnection()); // @describedOnly
                }

                void statementDoesNotOwnItsConnection() throws SQLException {
                    java.sql.Statement st = decorators.statement(ds.getConnection()); // @statement
                    st.close();
                }

                void fluent() throws SQLException {
                    Connection c = ((TracedConnection) ds.getConnection()).traced();
                    c.close();
                }

                void releasedByASubclass() throws SQLException {
                    Connection c = ds.getConnection(); // @releasedByASubclass
                    MoreClosers.release(c);
                }

                void inherited() throws SQLException {
                    Connection c = ds.getConnection();
                    derived.work(); // @inherited
                    c.close();
                }

                void inheritedCalm() throws SQLException {
                    Connection c = ds.getConnection();
                    derived.calm();
                    c.close();
                }

                void uncheckedCaught() throws SQLException {
                    Connection c = ds.getConnection();
                    try {
                        wide.go();
                    } catch (RuntimeException e) {
                        LOG.warn("x", e);
                    }
                    c.close();
                }

                void checkedJdkComputation(String name) throws Exception {
                    Connection c = ds.getConnection();
                    Class.forName(name); // @forName
                    c.close();
                }

                void threeDeep() throws SQLException {
                    Connection c = ds.getConnection();
                    Chain.b();
                    c.close();
                }

                void fourDeep() throws SQLException {
                    Connection c = ds.getConnection();
                    Chain.a2(); // @fourDeep
                    c.close();
                }

                void fourDeepAfterItsTailWasSummarised() throws SQLException {
                    Connection c = ds.getConnection();
                    Chain.a();
                    c.close();
                }

                void tailOfACutChain() throws SQLException {
                    Connection c = ds.getConnection();
                    Chain.d2();
                    c.close();
                }

                void tooComplexToSummarise(int k) throws SQLException {
                    Connection c = ds.getConnection();
                    Chain.complex(k); // @complex
                    c.close();
                }

                void sixteenOverrides() throws SQLException {
                    Connection c = ds.getConnection();
                    narrow.go();
                    c.close();
                }

                void configuredSource() throws SQLException {
                    Connection c = Wrappers.legacy(ds); // @configuredSource
                    c.getAutoCommit();
                }

                void caughtByAnUnrelatedLibraryType() throws SQLException {
                    Connection c = ds.getConnection();
                    try {
                        c.setAutoCommit(false); // @libraryType
                    } catch (org.hibernate.HibernateException e) {
                        Connection never = ds.getConnection();
                        return;
                    }
                    c.close();
                }

                void decoratedSecond() throws SQLException {
                    Wrapper w = decorators.wrapLabelled("label", ds.getConnection()); // @labelled
                    w.close();
                }

                void usesOwnPool() throws SQLException {
                    Connection c = pool.getConnection();
                    c.getAutoCommit();
                }

                void opened(Object entity) {
                    Session s = sessions.openSession(); // @opened
                    s.persist(entity);
                }
            }
            """;

    /** Seventeen implementations of {@code Wide}, one more than are read; sixteen of {@code Narrow}, all read. */
    private static String wides() {
        StringBuilder s = new StringBuilder("package fa;\n");
        for (int i = 0; i < 17; i++) {
            s.append("class Wide").append(i).append(" implements Wide { public void go() { } }\n");
        }
        for (int i = 0; i < 16; i++) {
            s.append("class Narrow").append(i).append(" implements Narrow { public void go() { } }\n");
        }
        return s.toString();
    }

    private static JavaClasses classes;
    /** Built per test, not shared: a mutation tester runs each test on its own against changed analysis code. */
    private FlowAnalysis flow;

    @BeforeAll
    static void compile(@TempDir Path dir) {
        Path compiled = Compiler.compile(dir, Map.of("fa/Cases.java", SOURCE, "fa/Wides.java", wides()));
        classes = new ClassFileImporter().importPath(compiled);
    }

    @BeforeEach
    void analyse() {
        flow = new FlowAnalysis(SessionPolicy.defaults(), classes);
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

    /** Every finding of the class by method: the kind, the line reported, and the thrower or how it is lost. */
    private Map<String, String> findings() {
        JavaClass cases = classes.get("fa.Cases");
        Map<String, String> found = new TreeMap<>();
        for (SessionFinding f : flow.of(cases).findings()) {
            String how = f.kind() == SessionFinding.Kind.LEAK ? f.loss().how() + (f.rawSource() ? " raw" : "")
                    : f.escape().line() + " " + f.escape().thrower();
            assertThat(found).as("one finding per method").doesNotContainKey(f.method());
            found.put(f.method(), f.kind() + " " + f.line() + " " + f.source() + " " + how);
        }
        return found;
    }

    @Test
    void every_finding_names_its_method_line_and_cause() {
        Map<String, String> expected = new TreeMap<>();
        expected.put("caughtNarrower", cng(line("caughtNarrower") - 2, line("caughtNarrower"), "setAutoCommit()"));
        expected.put("caughtUnrelated", cng(line("caughtUnrelated") - 2, line("caughtUnrelated"), "setAutoCommit()"));
        expected.put("jdkCallback", cng(line("jdkCallback") - 1, line("jdkCallback"), "run()"));
        expected.put("checkedJdkComputation", cng(line("forName") - 1, line("forName"), "forName()"));
        expected.put("loudHelper", cng(line("loudHelper") - 1, line("loudHelper"), "loud()"));
        expected.put("loudOverride", cng(line("loudOverride") - 1, line("loudOverride"), "run()"));
        // more overrides than are read, an interface nobody implements here, a chain cut at the depth limit: each
        // throws what it declares, here nothing (tooManyOverrides, decoratedByAnInterface, decoratedSecond, fourDeep)
        expected.put("inherited", cng(line("inherited") - 1, line("inherited"), "work()"));
        // summaries follow 2,000 states: a body too complex for that may throw anything
        expected.put("tooComplexToSummarise", cng(line("complex") - 1, line("complex"), "complex()"));
        // a HibernateException handler never receives the SQLException: its own connection is never opened
        expected.put("caughtByAnUnrelatedLibraryType",
                cng(line("libraryType") - 2, line("libraryType"), "setAutoCommit()"));
        expected.put("notACloser", "LEAK " + line("notACloser") + " DataSource.getConnection() OPEN_AT_RETURN raw");
        expected.put("releasedByASubclass",
                "LEAK " + line("releasedByASubclass") + " DataSource.getConnection() OPEN_AT_RETURN raw");
        expected.put("inferredSource", "LEAK " + line("inferredSource") + " Helpers.open() OPEN_AT_RETURN");
        expected.put("subtypeOfAConfiguredOwner",
                "LEAK " + line("subtypeOfAConfiguredOwner") + " OwnDataSource.getConnection() OPEN_AT_RETURN raw");
        expected.put("opened", "LEAK " + line("opened") + " SessionFactory.openSession() OPEN_AT_RETURN raw");
        expected.put("describedOnly", "LEAK " + line("describedOnly") + " DataSource.getConnection() PASSED_AND_DROPPED raw");
        expected.put("statementDoesNotOwnItsConnection",
                "LEAK " + line("statement") + " DataSource.getConnection() PASSED_AND_DROPPED raw");
        assertThat(findings()).isEqualTo(expected);
    }

    @Test
    void a_configured_source_is_the_projects_own_not_a_raw_factory() {
        FlowAnalysis configured = new FlowAnalysis(SessionPolicy.builder().sessionSources("fa.Wrappers#legacy").build(),
                classes);
        assertThat(configured.of(classes.get("fa.Cases")).findings()).filteredOn(f -> f.method().equals("configuredSource"))
                .singleElement().satisfies(f -> {
                    assertThat(f.line()).isEqualTo(line("configuredSource"));
                    assertThat(f.source()).isEqualTo("Wrappers.legacy()");
                    assertThat(f.rawSource()).isFalse();
                });
        assertThat(findings()).doesNotContainKey("configuredSource");
        FlowAnalysis pool = new FlowAnalysis(SessionPolicy.builder().sessionSources("fa.Pool#getConnection").build(),
                classes);
        assertThat(pool.of(classes.get("fa.Cases")).findings()).filteredOn(f -> f.method().equals("usesOwnPool"))
                .singleElement().satisfies(f -> assertThat(f.rawSource()).as("DataSource#getConnection's name, not its type")
                        .isFalse());
    }

    @Test
    void a_configured_closer_counts_when_called_through_a_subclass() {
        FlowAnalysis configured = new FlowAnalysis(SessionPolicy.builder().closers("fa.Closers#release").build(), classes);
        assertThat(configured.of(classes.get("fa.Cases")).findings()).extracting(SessionFinding::method)
                .doesNotContain("releasedByASubclass").contains("notACloser");
        assertThat(configured.inferredClosers()).as("a method handing its parameter to a configured closer is one")
                .contains("fa.Closers#releaseVia");
    }

    @Test
    void a_configured_closer_that_can_fail_before_its_close_leaves_the_session_open_on_its_exception() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(dev.sessionguard.fixtures.closerfailures.FailingClosers.class,
                dev.sessionguard.fixtures.closerfailures.FailingClosers.AccessFailure.class);
        String helper = "dev.sessionguard.fixtures.closerfailures.FailingClosers#closeConnection";
        FlowAnalysis configured = new FlowAnalysis(SessionPolicy.builder().closers(helper).closerFailures(true).build(),
                fixtures);
        assertThat(configured.of(fixtures.get(dev.sessionguard.fixtures.closerfailures.FailingClosers.class)).findings())
                .singleElement().satisfies(f -> {
                    assertThat(f.method()).isEqualTo("restoresTheModeInTheCloser");
                    assertThat(f.escape()).isEqualTo(new SessionFinding.Escape(f.escape().line(), "closeConnection()", true));
                });
    }

    private static String cng(int open, int thrownAt, String thrower) {
        return "CLOSE_NOT_GUARANTEED " + open + " DataSource.getConnection() " + thrownAt + " " + thrower;
    }

    @Test
    void sources_and_closers_are_inferred_only_where_they_hold_on_every_path() {
        assertThat(flow.inferredSources()).as("wrappers of wrappers, declared in either order")
                .containsExactlyInAnyOrder("fa.Helpers#open", "fa.Wrappers#a", "fa.Wrappers#b", "fa.Wrappers#c",
                        "fa.Wrappers#x", "fa.Wrappers#y", "fa.Wrappers#z");
        assertThat(flow.inferredClosers()).containsExactlyInAnyOrder("fa.Helpers#shut", "fa.Helpers#shutEither");
    }

    @Test
    void classes_that_open_nothing_are_not_read() {
        assertThat(flow.of(classes.get("fa.Quiet")).findings()).isEmpty();
        assertThat(flow.of(classes.get("fa.Helpers")).findings()).isEmpty();
        assertThat(flow.of(classes.get("fa.Cases")).guardedSessions()).as("closed on every path, with no finding")
                .isEqualTo(22);
        assertThat(flow.warnings()).isEmpty();
    }

    @Test
    void a_warning_says_what_was_not_checked() {
        assertThat(new FlowWarning("fa.Cases", "big", "more than 5 states (method too complex)").message())
                .isEqualTo("session-guard: warning: fa.Cases#big could not be analysed (more than 5 states (method too"
                        + " complex)); SG002/SG003 are not checked there");
    }
}
