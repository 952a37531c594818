package dev.sessionguard.cli;

import dev.sessionguard.testing.Compiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bodies the analysis reads for the analysed code's dependencies are those of {@code --classpath}, never those of a
 * class of the same name on session-guard's own class path: the answer of one version must not depend on how it was
 * started (the CLI once read a library it shared with the analysed code in its own version, and reported what the
 * ArchUnit rules on the same jar and class path did not).
 */
class AnalysedClassPathTest {
    private static final String DEPENDENCY = "dev/sessionguard/fixtures/deps/QuietJdbc";

    /** Same name as the test class path's quiet helper ({@code fixtures.deps.QuietJdbc}), but its close may throw. */
    private static final String LOUD_HELPER = """
            package dev.sessionguard.fixtures.deps;

            public final class QuietJdbc {
                private QuietJdbc() {
                }

                public static void closeQuietly(java.sql.Statement st) {
                    try {
                        st.close();
                    } catch (java.sql.SQLException e) {
                        throw new java.io.UncheckedIOException(new java.io.IOException(e));
                    }
                }
            }
            """;

    private static final String CALLER = """
            package shadowed.app;

            import dev.sessionguard.fixtures.deps.QuietJdbc;
            import java.sql.Connection;
            import java.sql.SQLException;
            import java.sql.Statement;
            import javax.sql.DataSource;

            public class Caller {
                public int update(DataSource ds) throws SQLException {
                    Connection c = ds.getConnection();
                    Statement st = null;
                    try {
                        st = c.createStatement();
                        return st.executeUpdate("delete from t");
                    } finally {
                        if (st != null) QuietJdbc.closeQuietly(st);
                        c.close();
                    }
                }
            }
            """;

    @Test
    void a_dependency_is_read_from_the_classpath_given_not_from_session_guards_own(@TempDir Path dir) throws IOException {
        Path classes = Compiler.compile(dir.resolve("build"), Map.of(
                "shadowed/app/Caller.java", CALLER, DEPENDENCY + ".java", LOUD_HELPER));
        Path loud = Files.createDirectories(dir.resolve("loud").resolve(DEPENDENCY).getParent());
        Files.move(classes.resolve(DEPENDENCY + ".class"), loud.resolve("QuietJdbc.class"));
        Path app = classes.resolve("shadowed");

        CliRun withLoud = CliRun.run("audit", "--preset", "jdbc", "--classpath", dir.resolve("loud").toString(),
                app.toString());
        assertThat(withLoud.out()).as(withLoud.err())
                .contains("11: SG003 update opens a session with DataSource.getConnection() whose close is"
                        + " not guaranteed: an exception thrown by closeQuietly() at line 17 skips close() at line 18");

        CliRun withQuiet = CliRun.run("audit", "--preset", "jdbc", "--classpath", "target/test-classes", app.toString());
        assertThat(withQuiet.out()).as(withQuiet.err()).doesNotContain(": SG003").doesNotContain(": SG002");
    }
}
