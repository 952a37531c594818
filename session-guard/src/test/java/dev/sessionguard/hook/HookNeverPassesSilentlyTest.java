package dev.sessionguard.hook;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hook never passes in silence: file names it is given are checked whole, any file name git allows is checked,
 * a failing git call and an invalid session-guard.properties are exit 2 with one line.
 */
class HookNeverPassesSilentlyTest {
    private static final String LEAKY = "class Leaky {\n    org.hibernate.SessionFactory factory;\n}\n";
    private static final String CLEAN = "class Clean {\n    int answer() { return 42; }\n}\n";
    /** Any name git allows: a TAB, a newline, a colon that looks like a report's line number, quotes, a control byte. */
    private static final List<String> NAMES = List.of("src/a\tb.java", "src/new\nline.java", "src/x:1: y.java",
            "src/q\"uo\\te.java", "src/c\u0001d.java", "src/my routes/Ünïcode.java", "src/-dash.java");

    @TempDir
    Path dir;
    GitRepo repo;

    @BeforeAll
    static void warmCache(@TempDir Path warm) throws Exception {
        PreCommitHookTest.warmCache(warm);
    }

    @BeforeEach
    void repo() throws Exception {
        repo = new GitRepo(dir);
    }

    private GitRepo.Result hook(String... files) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", GitRepo.HOOK.toString()));
        command.addAll(List.of(files));
        return repo.run(repo.dir, command);
    }

    @Test
    void file_names_given_are_checked_whole_from_the_work_tree() throws Exception {
        // a work tree under a folder named db is not a db package
        repo = new GitRepo(Files.createDirectories(dir.resolve("db/repo")));
        repo.write("src/Legacy.java", LEAKY).write("src/Clean.java", CLEAN).commitAll("legacy");
        assertThat(repo.hook().exit()).as("as a git hook: nothing staged, nothing to check").isZero();

        GitRepo.Result legacy = hook("src/Legacy.java", "src/Clean.java", "README.md");
        assertThat(legacy.exit()).as(legacy.out()).isEqualTo(1);
        assertThat(legacy.out()).isEqualTo("""
                src/Legacy.java:2: SG001 raw session factory used outside the db packages
                    fix: open sessions only inside the db packages (..db..) and use them in try-with-resources
                session-guard: 1 violation in the files checked
                """);
        assertThat(hook("src/Clean.java").exit()).isZero();

        GitRepo.Result fromBelow = repo.run(repo.dir.resolve("src"), List.of("bash", GitRepo.HOOK.toString(), "Legacy.java"));
        assertThat(fromBelow.out()).as("names relative to the working folder").startsWith("src/Legacy.java:2: SG001");
        assertThat(hook(repo.dir.resolve("src/Legacy.java").toString()).out()).as("absolute names").startsWith("src/Legacy.java:2: SG001");

        GitRepo.Result missing = hook("src/Gone.java");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.out()).isEqualTo("session-guard: src/Gone.java: no such file\n");
    }

    @Test
    void any_file_name_git_allows_staged_or_given() throws Exception {
        for (String name : NAMES) {
            repo.write(name, LEAKY).stage(name);
        }
        GitRepo.Result staged = repo.hook();
        assertThat(staged.exit()).as(staged.out()).isEqualTo(1);
        for (String name : NAMES) {
            assertThat(staged.out()).as(name).contains(name + ":2: SG001 raw session factory used outside the db packages\n");
        }
        assertThat(staged.out()).endsWith("session-guard: " + NAMES.size() + " violations in the staged changes: commit rejected\n");

        GitRepo.Result given = hook(NAMES.toArray(String[]::new));
        assertThat(given.exit()).as(given.out()).isEqualTo(1);
        for (String name : NAMES) {
            assertThat(given.out()).as(name).contains(name + ":2: SG001 ");
        }
    }

    /** A symbolic link named like a Java file is not a source of its own, staged or given; the rest is still checked. */
    @Test
    void a_symbolic_link_is_passed_over_and_the_rest_checked() throws Exception {
        repo.write("src/Leaky.java", LEAKY);
        Files.createSymbolicLink(repo.dir.resolve("src/Link.java"), Path.of("Leaky.java"));
        repo.stage("src/Leaky.java", "src/Link.java");
        repo.env.put("SESSION_GUARD_ALL_LINES", "1");
        for (GitRepo.Result r : List.of(repo.hook(), hook("src/Link.java", "src/Leaky.java"))) {
            assertThat(r.exit()).as(r.out()).isEqualTo(1);
            assertThat(r.out()).startsWith("src/Leaky.java:2: SG001").doesNotContain("Link.java", "grep");
        }
    }

    @Test
    void a_relative_git_dir_and_work_tree_from_a_subfolder() throws Exception {
        repo.write("src/Leaky.java", LEAKY).stage("src/Leaky.java");
        GitRepo.Result r = repo.run(repo.dir.resolve("src"),
                List.of("env", "GIT_DIR=../.git", "GIT_WORK_TREE=..", "bash", GitRepo.HOOK.toString()));
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).startsWith("src/Leaky.java:2: SG001");
    }

    @Test
    void a_failing_git_call_is_exit_2_with_one_line() throws Exception {
        repo.write("src/Leaky.java", LEAKY).stage("src/Leaky.java");
        Files.writeString(repo.dir.resolve(".git/index"), "not an index");
        GitRepo.Result r = repo.hook();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out().lines()).singleElement().asString()
                .startsWith("session-guard: git diff --cached --numstat failed: fatal: ");
    }

    private GitRepo.Result withProperties(String properties) throws Exception {
        repo.write("src/test/resources/session-guard.properties", properties);
        return repo.hook();
    }

    @Test
    void an_invalid_session_guard_properties_is_exit_2_with_one_line_naming_file_and_key() throws Exception {
        repo.write("src/Leaky.java", LEAKY).stage("src/Leaky.java");
        String file = repo.dir.resolve("src/test/resources/session-guard.properties").toString();
        String noComments = " (.properties has no end-of-line comments: put the comment on a line of its own)";
        assertThat(withProperties("sessionguard.dbPackages=com.acme.db..   # ArchUnit package syntax\n"))
                .isEqualTo(new GitRepo.Result(2, "session-guard: " + file + ": sessionguard.dbPackages=com.acme.db..   # ArchUnit"
                        + " package syntax: not an ArchUnit package identifier" + noComments + "\n"));
        assertThat(withProperties("sessionguard.sessionSources=com.acme.db.Db#getSession  # the managed door\n"))
                .isEqualTo(new GitRepo.Result(2, "session-guard: " + file + ": sessionguard.sessionSources=com.acme.db.Db#getSession"
                        + "  # the managed door: expected TYPE#METHOD, e.g. com.acme.db.Db#getSession" + noComments + "\n"));
        assertThat(withProperties("sessionguard.presets=hibernate,toplink\n"))
                .isEqualTo(new GitRepo.Result(2, "session-guard: " + file + ": sessionguard.presets=toplink: unknown preset"
                        + " (known: hibernate, jpa, jdbc, mybatis, spring, hibernate-reactive, r2dbc, vertx-sql)\n"));
        assertThat(withProperties("sessionguard.rawFactory=com.acme.db.RawSessions\n").out())
                .startsWith("session-guard: " + file + ": sessionguard.rawFactory=com.acme.db.RawSessions: unknown key (known: ");
        assertThat(withProperties("sessionguard.rawFactories=com.acme.Raw Sessions\n").out())
                .startsWith("session-guard: " + file + ": sessionguard.rawFactories=com.acme.Raw Sessions: not a fully qualified type name");
        assertThat(withProperties("sessionguard.sessionResults=com.acme.db.Exports.open\n"))
                .isEqualTo(new GitRepo.Result(2, "session-guard: " + file + ": sessionguard.sessionResults=com.acme.db.Exports.open:"
                        + " expected TYPE#METHOD, e.g. com.acme.db.Db#getSession\n"));
        assertThat(withProperties("sessionguard.skipUnreadable=yes\n"))
                .isEqualTo(new GitRepo.Result(2, "session-guard: " + file + ": sessionguard.skipUnreadable=yes: expected true or false\n"));
        assertThat(withProperties("sessionguard.closerFailures=on\n"))
                .isEqualTo(new GitRepo.Result(2, "session-guard: " + file + ": sessionguard.closerFailures=on: expected true or false\n"));

        repo.stage("src/Leaky.java");
        assertThat(withProperties("""
                # every form .properties allows: a colon, blanks, a value continued on the next line
                sessionguard.presets : jdbc,\\
                    hibernate
                ! another comment
                sessionguard.baseline.mode=Verify
                sessionguard.baseline.lockTimeout 90s
                sessionguard.wiringAnnotations=none
                sessionguard.closers=com.acme.db.Db#release
                sessionguard.sessionResults=com.acme.db.Exports#open
                sessionguard.dbPackages=..db..,com.acme.(persistence|store)..
                """)).as("a valid file is honoured").satisfies(r -> {
                    assertThat(r.exit()).as(r.out()).isEqualTo(1);
                    assertThat(r.out()).startsWith("src/Leaky.java:2: SG001");
                });
    }
}
