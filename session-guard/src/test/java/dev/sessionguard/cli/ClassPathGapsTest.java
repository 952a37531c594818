package dev.sessionguard.cli;

import dev.sessionguard.testing.Compiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configured source whose type the analysed code calls but the classpath lacks (a provided dependency left out)
 * still matches the calls that name it, but no call through a subtype and none of its bodies: the audit says so in
 * every format instead of finding quietly less.
 */
class ClassPathGapsTest {
    private static final String POOL = """
            package gap.lib;

            public class Pool {
                public java.sql.Connection borrow() throws java.sql.SQLException {
                    throw new java.sql.SQLException("no database");
                }
            }
            """;

    private static final String REPO = """
            package gap.app;

            public class Repo {
                public boolean readOnly(gap.lib.Pool pool) throws java.sql.SQLException {
                    java.sql.Connection c = pool.borrow();
                    return c.isReadOnly();
                }
            }
            """;

    @Test
    void a_configured_type_missing_from_the_classpath_is_a_warning_in_every_format(@TempDir Path dir) throws IOException {
        Path classes = Compiler.compile(dir, Map.of("gap/lib/Pool.java", POOL, "gap/app/Repo.java", REPO));
        Path lib = Files.createDirectories(dir.resolve("lib/gap/lib"));
        Files.move(classes.resolve("gap/lib/Pool.class"), lib.resolve("Pool.class"));
        String app = classes.resolve("gap").toString();

        for (String format : new String[] {"text", "markdown", "json", "sarif", "html"}) {
            CliRun r = audit(app, "--format", format);
            assertThat(r.exit()).as(format + ": " + r.err()).isEqualTo(1);
            assertThat(r.out()).as(format).contains("sessionguard.sessionSources=gap.lib.Pool#borrow")
                    .contains("type gap.lib.Pool is not on the classpath");
        }
        assertThat(audit(app).out()).as("the call that names the type still matches")
                .contains("5: SG002 readOnly opens a session with Pool.borrow()");

        assertThat(audit(app, "--classpath", dir.resolve("lib").toString()).out())
                .contains("5: SG002 readOnly").doesNotContain("is not on the classpath");
    }

    /** The audit of {@code app} with {@code Pool#borrow} as its configured source, and the options given. */
    private static CliRun audit(String app, String... options) {
        List<String> args = new ArrayList<>(List.of("audit"));
        args.addAll(List.of(options));
        args.addAll(List.of("--preset", "jdbc", "--session-source", "gap.lib.Pool#borrow", "--db-package", "gap.."));
        args.add(app);
        return CliRun.run(args.toArray(String[]::new));
    }
}
