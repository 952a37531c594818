package dev.sessionguard.hook;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hook behaves the same however it is installed: copied into .git/hooks, through core.hooksPath, and through the
 * pre-commit framework (Debian's pre-commit 3.0.4), both as a published hook of another repository and as this
 * repository's own local hook. Each time a real {@code git commit} is rejected, and a clean one goes through.
 */
class HookInstallationTest {
    private static final String VIOLATION = "class Leaky {\n    void a(javax.sql.DataSource d) throws Exception { Object c = d.getConnection(); }\n}\n";
    private static final String CLEAN = "class Clean {\n    int answer() { return 42; }\n}\n";

    @TempDir
    Path dir;
    GitRepo repo;

    @BeforeEach
    void repo() throws Exception {
        repo = new GitRepo(Files.createDirectories(dir.resolve("repo")));
        repo.env.remove("SESSION_GUARD_CONFIG");
        repo.write("README.md", "a project\n").commitAll("init");
    }

    private void assertRejectsThenAccepts() throws Exception {
        repo.write("src/Leaky.java", VIOLATION).stage("src/Leaky.java");
        GitRepo.Result rejected = repo.commit("leak a connection");
        assertThat(rejected.exit()).as(rejected.out()).isNotZero();
        assertThat(rejected.out()).contains("src/Leaky.java:2: SG001 raw session factory used outside the db packages",
                "src/Leaky.java:2: SG002 session opened outside a try-with-resources header");
        assertThat(repo.git("log", "--oneline")).doesNotContain("leak a connection");

        repo.git("rm", "-q", "--cached", "src/Leaky.java");
        repo.write("src/Clean.java", CLEAN).stage("src/Clean.java");
        GitRepo.Result accepted = repo.commit("a clean change");
        assertThat(accepted.exit()).as(accepted.out()).isZero();
        assertThat(repo.git("log", "--oneline")).contains("a clean change");
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    @Test
    void copied_into_git_hooks_with_the_configuration_in_the_repository() throws Exception {
        Path hook = repo.dir.resolve(".git/hooks/pre-commit");
        copy(GitRepo.HOOK, hook);
        hook.toFile().setExecutable(true);
        copy(GitRepo.PROJECT.resolve("config/checkstyle/session-guard.xml"), repo.dir.resolve("config/checkstyle/session-guard.xml"));
        assertRejectsThenAccepts();
    }

    @Test
    void through_core_hooks_path() throws Exception {
        repo.git("config", "core.hooksPath", GitRepo.PROJECT.resolve("hooks").toString());
        assertRejectsThenAccepts();
    }

    private GitRepo.Result preCommit(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("pre-commit"));
        command.addAll(List.of(args));
        return repo.run(repo.dir, command);
    }

    /**
     * The framework with {@code language: script}, on a PATH without Node.js, npm or Maven, and an empty cache:
     * Checkstyle comes from jars the hook is pointed at (the CLI jar's own, in real use), never from a download.
     */
    private void usePreCommitFramework() throws Exception {
        assertThat(Path.of("/usr/bin/pre-commit")).as("Debian's pre-commit (apt-get install pre-commit)").isExecutable();
        repo.env.put("PATH", GitRepo.pathWithout("node", "nodejs", "npm", "npx", "mvn"));
        assertThat(repo.run(repo.dir, List.of("sh", "-c", "command -v node npm mvn; echo done")).out()).isEqualTo("done\n");
        repo.env.put("SESSION_GUARD_CACHE", dir.resolve("empty-cache").toString());
        repo.env.put("SESSION_GUARD_CHECKSTYLE_CLASSPATH", checkstyleJars());
        repo.env.put("PRE_COMMIT_HOME", dir.resolve("pre-commit-home").toString());
        GitRepo.Result version = preCommit("--version");
        assertThat(version.out()).startsWith("pre-commit 3.");
        GitRepo.Result install = preCommit("install");
        assertThat(install.exit()).as(install.out()).isZero();
    }

    /** This project's hook, published as a repository of its own, and a configuration of the test repository that uses it. */
    private void usePublishedHook() throws Exception {
        GitRepo published = new GitRepo(Files.createDirectories(dir.resolve("session-guard")));
        for (String file : List.of("hooks/pre-commit", "hooks/HookCheckstyle.java", "config/checkstyle/session-guard.xml",
                ".pre-commit-hooks.yaml")) {
            copy(GitRepo.PROJECT.resolve(file), published.dir.resolve(file));
        }
        published.dir.resolve("hooks/pre-commit").toFile().setExecutable(true);
        published.commitAll("session-guard");
        String rev = published.git("rev-parse", "HEAD").trim();

        repo.write(".pre-commit-config.yaml", "repos:\n  - repo: " + published.dir + "\n    rev: " + rev
                + "\n    hooks:\n      - id: session-guard\n").commitAll("use session-guard");
        usePreCommitFramework();
    }

    @Test
    void through_the_pre_commit_framework_as_a_published_hook() throws Exception {
        usePublishedHook();
        assertRejectsThenAccepts();
    }

    /**
     * {@code pre-commit run --all-files} and {@code --files X} check the files named whole, committed violations
     * included (the framework passes the file names; the hook checks them, not the staged changes).
     */
    @Test
    void the_pre_commit_framework_checks_all_files_and_the_files_named() throws Exception {
        String tab = "src/legacy\tcode/Old Leaky.java";
        repo.write("src/Leaky.java", VIOLATION).write(tab, VIOLATION).write("src/Clean.java", CLEAN).commitAll("legacy");
        usePublishedHook();

        GitRepo.Result all = preCommit("run", "--all-files");
        assertThat(all.exit()).as(all.out()).isEqualTo(1);
        assertThat(all.out()).contains("src/Leaky.java:2: SG001 raw session factory used outside the db packages",
                "src/Leaky.java:2: SG002 session opened outside a try-with-resources header", tab + ":2: SG001 ",
                "session-guard: 4 violations in the files checked").doesNotContain("Clean.java");

        GitRepo.Result named = preCommit("run", "--files", "src/Leaky.java");
        assertThat(named.exit()).as(named.out()).isEqualTo(1);
        assertThat(named.out()).contains("src/Leaky.java:2: SG001", "session-guard: 2 violations in the files checked")
                .doesNotContain("Old Leaky");

        GitRepo.Result clean = preCommit("run", "--files", "src/Clean.java");
        assertThat(clean.exit()).as(clean.out()).isZero();
    }

    /** A Stream consumed where it is obtained and a connection factory's bare create(): rejected; scoped: committed. */
    @Test
    void through_the_pre_commit_framework_a_result_and_a_reactive_opener_are_rejected_and_their_scoped_forms_accepted()
            throws Exception {
        usePublishedHook();
        repo.write("src/Streams.java", """
                class Streams {
                    long a(org.springframework.jdbc.core.JdbcTemplate jdbc) { return jdbc.queryForStream("select 1", (rs, i) -> 1).count(); }
                    void b(io.r2dbc.spi.Connection unused) { reactor.core.publisher.Mono.from(connectionFactory.create()).block(); }
                }
                """).stage("src/Streams.java");
        GitRepo.Result rejected = repo.commit("stream and connection leaks");
        assertThat(rejected.exit()).as(rejected.out()).isNotZero();
        assertThat(rejected.out()).contains("src/Streams.java:2: SG002 session-bearing result", "src/Streams.java:3: SG002 session opened");
        assertThat(repo.git("log", "--oneline")).doesNotContain("leaks");

        repo.write("src/Streams.java", """
                class Streams {
                    long a(org.springframework.jdbc.core.JdbcTemplate jdbc) {
                        try (var s = jdbc.queryForStream("select 1", (rs, i) -> 1)) {
                            return s.count();
                        }
                    }
                    void b(io.r2dbc.spi.Connection unused) { reactor.core.publisher.Mono.usingWhen(connectionFactory.create(), c -> reactor.core.publisher.Mono.empty(), c -> c.close()).block(); }
                }
                """).stage("src/Streams.java");
        GitRepo.Result accepted = repo.commit("scoped");
        assertThat(accepted.exit()).as(accepted.out()).isZero();
        assertThat(repo.git("log", "--oneline")).contains("scoped");
    }

    private static String checkstyleJars() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(":"))
                .filter(entry -> entry.endsWith(".jar")).collect(java.util.stream.Collectors.joining(":"));
    }

    @Test
    void the_published_hook_is_a_script_hook_that_needs_no_node() throws Exception {
        String hooks = Files.readString(GitRepo.PROJECT.resolve(".pre-commit-hooks.yaml"));
        assertThat(hooks).contains("  entry: hooks/pre-commit\n", "  language: script\n", "  pass_filenames: true\n")
                .doesNotContain("node");
        assertThat(Files.readString(GitRepo.PROJECT.resolve(".pre-commit-config.yaml"))).contains("language: script",
                "pass_filenames: true").doesNotContain("node");
        assertThat(GitRepo.PROJECT.resolve("package.json")).doesNotExist();
    }

    @Test
    void through_the_pre_commit_framework_as_this_repositorys_own_hook() throws Exception {
        for (String file : List.of("hooks/pre-commit", "hooks/HookCheckstyle.java", "config/checkstyle/session-guard.xml",
                ".pre-commit-config.yaml")) {
            copy(GitRepo.PROJECT.resolve(file), repo.dir.resolve(file));
        }
        repo.dir.resolve("hooks/pre-commit").toFile().setExecutable(true);
        repo.commitAll("the project's own hook");
        usePreCommitFramework();
        assertRejectsThenAccepts();
    }
}
