package dev.sessionguard.hook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's check-staged runs the hook it carries, in the current repository, with the hook's output and exit code. */
class CheckStagedCommandTest {
    @Test
    void check_staged_is_the_hook_in_the_jar(@TempDir Path dir) throws Exception {
        GitRepo repo = new GitRepo(java.nio.file.Files.createDirectories(dir.resolve("repo")));
        repo.env.remove("SESSION_GUARD_CONFIG");
        // nothing but Java: no Maven to fetch Checkstyle, an empty cache; the CLI brings its own
        repo.env.put("PATH", GitRepo.pathWithout("mvn"));
        repo.env.put("SESSION_GUARD_CACHE", dir.resolve("empty-cache").toString());
        List<String> cli = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.sessionguard.cli.SessionGuardCli", "check-staged");

        repo.write("src/Clean.java", "class Clean { }\n").stage("src/Clean.java");
        assertThat(repo.run(repo.dir, cli).exit()).isZero();

        repo.write("src/Leak.java", "class Leak {\n  void a(javax.sql.DataSource d) throws Exception { Object c = d.getConnection(); }\n}\n")
                .stage("src/Leak.java");
        GitRepo.Result r = repo.run(repo.dir, cli);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("src/Leak.java:2: SG001", "src/Leak.java:2: SG002",
                "session-guard: 2 violations in the staged changes: commit rejected");

        GitRepo.Result outside = repo.run(dir, cli);
        assertThat(outside.exit()).isEqualTo(2);
        assertThat(outside.out()).isEqualTo("session-guard: not inside a git repository\n");
    }
}
