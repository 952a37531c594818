package dev.sessionguard.hook;

import dev.sessionguard.BuildTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hook on real temporary git repositories: what it checks, what it reports, how it exits. */
class PreCommitHookTest {
    static final String CLEAN = """
            package com.acme.routes;

            import com.acme.db.Db;
            import org.hibernate.Session;

            public class Route {
                public long count() {
                    try (Session s = Db.getSession()) {
                        return 1;
                    }
                }
            }
            """;
    static final String RAW_LINE = "    private final org.hibernate.SessionFactory factory = null;\n";
    static final String LEAK_LINE = "    void leak(javax.persistence.EntityManagerFactory f) { f.createEntityManager().clear(); }\n";

    @TempDir
    Path dir;
    GitRepo repo;

    @BeforeEach
    void repo() throws Exception {
        repo = new GitRepo(dir);
    }

    /**
     * The first run that starts Checkstyle fetches it into the cache (and says so on stderr): do it before the tests,
     * with a staged line that could match (a raw factory inside the db packages, which is allowed), or no JVM starts.
     */
    @org.junit.jupiter.api.BeforeAll
    static void warmCache(@TempDir Path warm) throws Exception {
        GitRepo r = new GitRepo(warm);
        r.write("src/com/acme/db/A.java", "package com.acme.db;\n\nimport org.hibernate.SessionFactory;\n\n"
                + "class A {\n    SessionFactory factory;\n}\n").stage("src/com/acme/db/A.java");
        GitRepo.Result result = r.hook();
        assertThat(result.exit()).as(result.out()).isZero();
    }

    private static String withLines(String source, String... lines) {
        int end = source.lastIndexOf('}');
        return source.substring(0, end) + String.join("", lines) + "}\n";
    }

    @Test
    void a_clean_commit_passes_and_a_violation_is_reported_with_rule_line_message_and_fix() throws Exception {
        repo.write("src/com/acme/routes/Route.java", CLEAN).stage("src/com/acme/routes/Route.java");
        assertThat(repo.hook()).satisfies(r -> assertThat(r.exit()).as(r.out()).isZero());

        repo.write("src/com/acme/routes/Route.java", withLines(CLEAN, RAW_LINE)).stage("src/com/acme/routes/Route.java");
        GitRepo.Result r = repo.hook();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("""
                src/com/acme/routes/Route.java:12: SG001 raw session factory used outside the db packages
                    fix: open sessions only inside the db packages (..db..) and use them in try-with-resources
                session-guard: 1 violation in the staged changes: commit rejected
                """);
    }

    @Test
    void only_staged_content_counts() throws Exception {
        repo.write("src/A.java", CLEAN).commitAll("init");
        repo.write("src/A.java", withLines(CLEAN, RAW_LINE));
        assertThat(repo.hook().exit()).as("an unstaged violation does not block").isZero();

        repo.stage("src/A.java");
        repo.write("src/A.java", CLEAN);
        GitRepo.Result r = repo.hook();
        assertThat(r.exit()).as("a staged violation blocks although the working tree no longer has it").isEqualTo(1);
        assertThat(r.out()).startsWith("src/A.java:12: SG001");
    }

    @Test
    void only_lines_the_commit_adds_or_changes_unless_all_lines_are_asked_for() throws Exception {
        repo.write("src/Legacy.java", withLines(CLEAN, RAW_LINE)).commitAll("legacy");
        repo.write("src/Legacy.java", withLines(CLEAN, RAW_LINE, "    int added;\n")).stage("src/Legacy.java");
        assertThat(repo.hook().exit()).as("legacy code does not block an unrelated change").isZero();

        repo.env.put("SESSION_GUARD_ALL_LINES", "1");
        GitRepo.Result all = repo.hook();
        assertThat(all.exit()).isEqualTo(1);
        assertThat(all.out()).startsWith("src/Legacy.java:12: SG001");

        repo.env.remove("SESSION_GUARD_ALL_LINES");
        repo.write("src/Legacy.java", withLines(CLEAN, RAW_LINE, LEAK_LINE)).stage("src/Legacy.java");
        GitRepo.Result changed = repo.hook();
        assertThat(changed.out()).contains("src/Legacy.java:13: SG001", "src/Legacy.java:13: SG002")
                .doesNotContain("Legacy.java:12:");
    }

    @Test
    void file_names_with_spaces_and_non_ascii_characters() throws Exception {
        String path = "src/my routes/Ünïcode Route.java";
        repo.write(path, withLines(CLEAN, RAW_LINE)).stage(path);
        GitRepo.Result r = repo.hook();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith(path + ":12: SG001 ");
    }

    @Test
    void deleted_renamed_copied_binary_and_non_java_files() throws Exception {
        repo.write("src/Old.java", withLines(CLEAN, RAW_LINE)).write("src/Gone.java", withLines(CLEAN, RAW_LINE))
                .write("notes.txt", RAW_LINE).commitAll("legacy");
        repo.git("mv", "src/Old.java", "src/Renamed.java");
        repo.git("rm", "-q", "src/Gone.java");
        Files.copy(dir.resolve("src/Renamed.java"), dir.resolve("src/Copy.java"));
        repo.stage("src/Copy.java");
        repo.write("notes.txt", RAW_LINE + RAW_LINE).stage("notes.txt");
        byte[] binary = ("class B { org.hibernate.SessionFactory f; }\0\1\2").getBytes(StandardCharsets.ISO_8859_1);
        repo.writeBytes("src/Binary.java", binary).stage("src/Binary.java");
        GitRepo.Result r = repo.hook();
        assertThat(r.out()).as("a rename changes no line; a deleted file, a binary and a text file are not checked")
                .doesNotContain("Renamed.java", "Gone.java", "notes.txt", "Binary.java");
        assertThat(r.exit()).as(r.out()).isZero();

        repo.write("src/Renamed.java", withLines(CLEAN, RAW_LINE, RAW_LINE)).stage("src/Renamed.java");
        assertThat(repo.hook().out()).startsWith("src/Renamed.java:13: SG001");
    }

    @Test
    void the_first_commit_of_a_repository_has_no_head() throws Exception {
        repo.write("src/A.java", withLines(CLEAN, LEAK_LINE)).stage("src/A.java");
        GitRepo.Result r = repo.hook();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("src/A.java:12: SG001", "src/A.java:12: SG002");
    }

    @Test
    void crlf_files() throws Exception {
        String crlf = withLines(CLEAN, RAW_LINE).replace("\n", "\r\n");
        repo.writeBytes("src/Crlf.java", crlf.getBytes(StandardCharsets.UTF_8)).stage("src/Crlf.java");
        GitRepo.Result r = repo.hook();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith("src/Crlf.java:12: SG001");
    }

    @Test
    void a_merge_commit_reports_only_what_the_merge_itself_adds() throws Exception {
        repo.write("src/A.java", CLEAN).commitAll("base");
        repo.git("checkout", "-q", "-b", "feature");
        repo.write("src/A.java", withLines(CLEAN, RAW_LINE)).commitAll("feature adds a violation (its own commit checked it)");
        repo.git("checkout", "-q", "main");
        repo.write("src/B.java", CLEAN).commitAll("main moves on");
        repo.git("merge", "-q", "--no-commit", "--no-ff", "feature");
        assertThat(repo.hook().exit()).as("lines the merged branch brings are not the merge's own").isZero();

        repo.write("src/B.java", withLines(CLEAN, LEAK_LINE)).stage("src/B.java");
        GitRepo.Result r = repo.hook();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("src/B.java:12: SG002").doesNotContain("src/A.java");
    }

    @Test
    void more_than_256_violations_still_exit_1() throws Exception {
        StringBuilder many = new StringBuilder("class Many {\n");
        for (int i = 0; i < 300; i++) {
            many.append("  org.hibernate.SessionFactory f").append(i).append(";\n");
        }
        many.append("}\n");
        repo.write("src/Many.java", many.toString()).stage("src/Many.java");
        GitRepo.Result r = repo.hook();
        assertThat(r.exit()).as("Checkstyle's own status would be 300 %% 256 = 44; 256 violations would wrap to 0").isEqualTo(1);
        assertThat(r.out()).endsWith("session-guard: 300 violations in the staged changes: commit rejected\n");
    }

    @Test
    void the_db_packages_comments_and_strings_never_trigger() throws Exception {
        repo.write("src/com/acme/db/Db.java", """
                package com.acme.db;
                import org.hibernate.SessionFactory;
                public class Db { static SessionFactory f; public static Object s() { return f.openSession(); } }
                """);
        repo.write("src/Quiet.java", """
                class Quiet {
                    // org.hibernate.SessionFactory sf.openSession()
                    /* javax.sql.DataSource */ String s = "org.hibernate.SessionFactory x.openSession()";
                    char c = '"'; String t = "a\\"b"; // java.sql.DriverManager
                }
                """);
        repo.stage("src/com/acme/db/Db.java", "src/Quiet.java");
        GitRepo.Result r = repo.hook();
        assertThat(r.exit()).as(r.out()).isZero();
    }

    @Test
    void the_project_properties_name_its_own_db_packages_sources_and_raw_factories() throws Exception {
        repo.write("src/test/resources/session-guard.properties", """
                sessionguard.presets=hibernate
                sessionguard.dbPackages=com.acme.persistence..
                sessionguard.sessionSources=com.acme.persistence.Store#checkout
                sessionguard.rawFactories=com.acme.persistence.RawSessions
                """);
        repo.write("src/com/acme/persistence/Store.java", withLines(CLEAN, RAW_LINE));
        repo.write("src/com/acme/routes/R.java", """
                package com.acme.routes;
                class R {
                    void a(com.acme.persistence.Store s) { Object leaked = s.checkout(); }
                    com.acme.persistence.RawSessions raw;
                    javax.sql.DataSource notInThePresets;
                }
                """);
        repo.stage("src");
        GitRepo.Result r = repo.hook();
        assertThat(r.out()).contains("src/com/acme/routes/R.java:3: SG002", "src/com/acme/routes/R.java:4: SG001")
                .doesNotContain("Store.java", "R.java:5:");
    }

    @Test
    void without_java_17_the_hook_exits_2_with_a_clear_message(@TempDir Path bin) throws Exception {
        repo.write("src/A.java", CLEAN).stage("src/A.java");
        String path = "/usr/bin:/bin";
        repo.env.put("PATH", bin + ":" + path);
        repo.env.put("JAVA_HOME", "");
        Path fake = bin.resolve("java");
        Files.writeString(fake, "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        GitRepo.Result old = repo.hook();
        assertThat(old.exit()).isEqualTo(2);
        assertThat(old.out()).isEqualTo("session-guard: Java 11.0.2 is too old: the hook needs Java 17 or newer (" + fake + ")\n");

        Files.delete(fake);
        Path noJava = Files.createDirectories(bin.resolve("empty"));
        for (String tool : List.of("git", "bash", "sed", "head", "cat", "dirname", "readlink", "mktemp", "rm", "awk", "cut", "printf", "grep",
                "locale", "find", "wc", "sort", "comm", "mkdir", "tr", "mv")) {
            Path real = Path.of("/usr/bin", tool);
            if (Files.exists(real)) {
                Files.createSymbolicLink(noJava.resolve(tool), real);
            }
        }
        repo.env.put("PATH", noJava.toString());
        GitRepo.Result none = repo.run(dir, List.of("/bin/bash", GitRepo.HOOK.toString()));
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.out()).isEqualTo("session-guard: Java is not installed (the hook needs Java 17 or newer on PATH or in JAVA_HOME)\n");
        try (java.util.stream.Stream<Path> links = Files.list(noJava)) {
            for (Path link : links.toList()) {
                Files.delete(link); // the temporary folder's clean-up warns of each link that points out of it
            }
        }
    }

    /**
     * A commit with no staged line that names a raw factory or a source is decided without Java: the JDK is asked its
     * version through its release file only, and no Checkstyle is looked for (an empty cache and no Maven are fine).
     */
    @Test
    void a_clean_commit_never_starts_a_jvm_nor_needs_checkstyle(@TempDir Path jdk) throws Exception {
        Path calls = jdk.resolve("calls");
        Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        Files.writeString(java, "#!/bin/sh\necho \"$@\" >> " + calls + "\nexec " + Path.of(System.getProperty("java.home"), "bin", "java") + " \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        repo.env.put("JAVA_HOME", jdk.toString());
        repo.env.put("PATH", GitRepo.pathWithout("mvn", "java"));
        repo.env.put("SESSION_GUARD_CACHE", jdk.resolve("empty-cache").toString());

        repo.write("src/A.java", CLEAN).stage("src/A.java");
        GitRepo.Result clean = repo.hook();
        assertThat(clean.exit()).as(clean.out()).isZero();
        assertThat(calls).doesNotExist();

        repo.write("src/B.java", "class B {\n  Object b(javax.sql.DataSource d) throws Exception { return d.getConnection(); }\n}\n")
                .stage("src/B.java");
        GitRepo.Result leak = repo.hook();
        assertThat(leak.exit()).isEqualTo(2);
        assertThat(leak.out()).startsWith("session-guard: Checkstyle " + BuildTest.checkstyleVersion() + " is not cached in " + jdk.resolve("empty-cache")
                + " and Maven is not installed to fetch it (or run the hook as: java -jar session-guard-<version>-cli.jar"
                + " check-staged, which carries Checkstyle)");

        repo.env.put("SESSION_GUARD_CHECKSTYLE_CLASSPATH", jdk.resolve("session-guard-cli.jar").toString());
        GitRepo.Result missing = repo.hook();
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.out()).isEqualTo("session-guard: SESSION_GUARD_CHECKSTYLE_CLASSPATH names a file that does not"
                + " exist: " + jdk.resolve("session-guard-cli.jar") + "\n");
    }

    /**
     * The hook and the bytecode rules agree on what SG002 means: a session opened and then closed in a finally, or
     * returned, is not a leak; in the db packages a session opened outside try-with-resources is one, unless the line
     * returns it (the managed accessor).
     */
    @Test
    void sg002_accepts_what_the_bytecode_rules_accept_and_checks_the_db_packages_too() throws Exception {
        repo.write("src/com/acme/routes/Reports.java", """
                package com.acme.routes;
                class Reports {
                    long count(com.acme.db.Db db) throws Exception {
                        var c = db.source().getConnection();
                        try {
                            return c.createStatement().executeQuery("select count(*) from r").getLong(1);
                        } finally {
                            c.close();
                        }
                    }
                    Object handOn(com.acme.db.Db db) throws Exception { return db.source().getConnection(); }
                    void header(com.acme.db.Db db) throws Exception {
                        try (var c =
                                db.source().getConnection()) {
                            c.clearWarnings();
                        }
                    }
                    void leak(com.acme.db.Db db) throws Exception { var c = db.source().getConnection(); c.clearWarnings(); }
                }
                """);
        repo.write("src/com/acme/db/Db.java", """
                package com.acme.db;
                public class Db {
                    javax.sql.DataSource source;
                    public javax.sql.DataSource source() { return source; }
                    public java.sql.Connection session() throws Exception { return source.getConnection(); }
                    public void purge() throws Exception {
                        var c = source.getConnection();
                        c.createStatement().execute("delete from r");
                    }
                }
                """);
        repo.stage("src");
        GitRepo.Result r = repo.hook();
        assertThat(r.out())
                .as("opened, then try/finally: accepted, as SG002/SG003 accept it").doesNotContain("Reports.java:4:")
                .as("returned: handed on, accepted").doesNotContain("Reports.java:11:")
                .as("a resource header over two lines: accepted").doesNotContain("Reports.java:14:")
                .as("a leak: rejected").contains("src/com/acme/routes/Reports.java:18: SG002")
                .as("the managed accessor in the db package: accepted").doesNotContain("Db.java:5:")
                .as("a leak in the db package: rejected").contains("src/com/acme/db/Db.java:7: SG002")
                .as("the raw factory in the db package: allowed").doesNotContain("SG001");
        assertThat(r.exit()).isEqualTo(1);
    }

    /** Without session-guard.properties the hook knows every preset the rules know, the spring helpers included. */
    @Test
    void the_default_presets_are_the_rules_spring_included() throws Exception {
        repo.write("src/com/acme/routes/Helpers.java", """
                package com.acme.routes;
                class Helpers {
                    void jdbc(Object ds) { var c = org.springframework.jdbc.datasource.DataSourceUtils.doGetConnection(null); }
                    void mybatis(Object f) { var s = org.mybatis.spring.SqlSessionUtils.getSqlSession(null); }
                }
                """).stage("src");
        GitRepo.Result r = repo.hook();
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("src/com/acme/routes/Helpers.java:3: SG002 ", "src/com/acme/routes/Helpers.java:4: SG002 ");
    }

    /**
     * The hook words SG001's fix as the rules do, naming the configured source (else the db packages), and says that
     * its SG002 is the source layer's approximation of the bytecode SG002 and SG003, which it cannot tell apart.
     */
    @Test
    void the_fix_names_the_configured_source_and_sg002_says_it_is_an_approximation() throws Exception {
        repo.write("src/test/resources/session-guard.properties", """
                sessionguard.dbPackages=com.acme.persistence..
                sessionguard.sessionSources=com.acme.persistence.Store$Sessions#checkout, com.acme.persistence.Db#session
                """);
        repo.write("src/com/acme/routes/R.java", """
                package com.acme.routes;
                class R {
                    javax.sql.DataSource ds;
                    void closedWithoutFinally() throws Exception { var c = ds.getConnection(); c.clearWarnings(); c.close(); }
                }
                """).stage("src");
        GitRepo.Result r = repo.hook();
        assertThat(r.out()).isEqualTo("""
                src/com/acme/routes/R.java:3: SG001 raw session factory used outside the db packages
                    fix: use Sessions.checkout() in try-with-resources
                src/com/acme/routes/R.java:4: SG002 session opened outside a try-with-resources header: left open (SG002)\
                 or closed where an exception can skip the close (SG003), which only the bytecode rules tell apart
                    fix: open it as the resource of a try-with-resources statement
                session-guard: 2 violations in the staged changes: commit rejected
                """);

        repo.write("src/test/resources/session-guard.properties", "sessionguard.dbPackages=com.acme.persistence.., ..dao..\n")
                .stage("src");
        assertThat(repo.hook().out()).contains("fix: open sessions only inside the db packages (com.acme.persistence.., ..dao..)"
                + " and use them in try-with-resources");
    }

    /** The regex layer's known limits, pinned either way (the bytecode rules of the test suite see through all of them). */
    @Test
    void known_limits_of_the_source_layer() throws Exception {
        repo.write("src/Limits.java", """
                import org.hibernate.*;
                class Limits {
                    Object wildcard(SessionFactory f) { return null; }
                    void header(javax.persistence.EntityManagerFactory f) {
                        try (var em =
                                 f.createEntityManager()) {
                            em.clear();
                        }
                    }
                    String block = \"\"\"
                        org.hibernate.SessionFactory
                        \"\"\";
                    void staticImport() { getConnection(); }
                    Object getConnection() { return null; }
                }
                """);
        repo.stage("src/Limits.java");
        GitRepo.Result r = repo.hook();
        assertThat(r.out())
                .as("a wildcard import hides the type name: not reported").doesNotContain("Limits.java:1:", "Limits.java:3:")
                .as("a resource header spread over two lines: accepted").doesNotContain("Limits.java:6:")
                .as("a text block is not a string literal to a regex: reported").contains("Limits.java:11: SG001")
                .as("a source called without a receiver is not recognised").doesNotContain("Limits.java:13:");
    }
}
