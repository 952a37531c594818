package dev.sessionguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit's configuration errors: exit 2 and one line on stderr naming key, value and problem. */
class MisconfigurationTest {
    private static final String HIBERNATE = Paths.get("target/test-classes/dev/sessionguard/fixtures/sg001/hibernate").toString();
    private static final String DB = "dev.sessionguard.fixtures.sg001.hibernate.db.HibernateDb";

    private static CliRun audit(Path dir, String properties) throws IOException {
        Path config = Files.writeString(dir.resolve("session-guard.properties"), properties);
        return CliRun.run("audit", "--config", config.toString(), HIBERNATE);
    }

    private static String oneLine(CliRun r) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).endsWith("\n");
        assertThat(r.err().lines()).as("one line, no stack trace").hasSize(1);
        return r.err().strip();
    }

    @Test
    void an_end_of_line_comment_is_one_line_with_the_hint(@TempDir Path dir) throws IOException {
        assertThat(oneLine(audit(dir, "sessionguard.dbPackages=..db..   # ArchUnit package syntax\n")))
                .isEqualTo("session-guard: " + dir.resolve("session-guard.properties") + ": sessionguard.dbPackages=..db..   #"
                        + " ArchUnit package syntax: the value ends with \"# ArchUnit package syntax\", but .properties has no"
                        + " end-of-line comments, so it is part of the value: put the comment on a line of its own");
    }

    @Test
    void db_packages_that_match_no_analysed_class_are_an_error_naming_the_key(@TempDir Path dir) throws IOException {
        assertThat(oneLine(audit(dir, "sessionguard.dbPackages=dev.sessionguard.fixtures.sg001.hibernate.database..\n")))
                .startsWith("session-guard: " + dir.resolve("session-guard.properties") + ": sessionguard.dbPackages=dev.sessionguard.fixtures.sg001.hibernate.database..:"
                        + " dev.sessionguard.fixtures.sg001.hibernate.database.. matches none of the");
    }

    @Test
    void a_source_that_returns_the_factory_is_an_error_naming_key_and_value(@TempDir Path dir) throws IOException {
        assertThat(oneLine(audit(dir, "sessionguard.sessionSources=" + DB + "#factory\n")))
                .isEqualTo("session-guard: " + dir.resolve("session-guard.properties") + ": sessionguard.sessionSources=" + DB + "#factory: returns org.hibernate.SessionFactory,"
                        + " which is not a session type: a source hands out sessions (name the method that returns the"
                        + " session, or add its type to sessionguard.sessionTypes)");
    }
}
