package com.acme.notifications;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's sources in a real git repository with session-guard's pre-commit hook: legacy code does not block an
 * unrelated commit, a staged new violation is rejected before it is committed.
 */
class PreCommitHookTest {
    private static final Path SERVICE = Path.of("").toAbsolutePath();
    private static final Path HOOK = SERVICE.resolve("../../hooks/pre-commit").normalize();

    @TempDir
    Path repo;

    private String run(int expectedExit, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("GIT_AUTHOR_NAME", "Ada", "GIT_AUTHOR_EMAIL", "ada@example.com",
                "GIT_COMMITTER_NAME", "Ada", "GIT_COMMITTER_EMAIL", "ada@example.com",
                "SESSION_GUARD_CONFIG", SERVICE.resolve("../../config/checkstyle/session-guard.xml").normalize().toString(),
                "SESSION_GUARD_CACHE", SERVICE.resolve("target/hook-cache").toString()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isEqualTo(expectedExit);
        return out;
    }

    @BeforeEach
    void cloneTheService() throws Exception {
        for (String folder : List.of("src/main/java", "src/test/resources")) {
            try (Stream<Path> files = Files.walk(SERVICE.resolve(folder))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path target = repo.resolve(SERVICE.relativize(f).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
        run(0, "git", "init", "-q");
        run(0, "git", "add", "-A");
        run(0, "git", "commit", "-q", "--no-verify", "-m", "the legacy service");
        run(0, "git", "config", "core.hooksPath", HOOK.getParent().toString());
    }

    /** The CLI jar alone, as a Gradle shop or a laptop without Maven runs it: an empty cache, no mvn on PATH. */
    @Test
    void the_cli_jar_checks_staged_changes_with_nothing_but_java(@TempDir Path tools) throws Exception {
        Path jar = SERVICE.resolve("../../session-guard/target/session-guard-0.1.0-SNAPSHOT-cli.jar").normalize();
        assertThat(jar).as("built by mvn install of session-guard").isRegularFile();
        Path bin = Files.createDirectories(tools.resolve("bin"));
        for (String dir : System.getenv("PATH").split(":")) {
            if (!Files.isDirectory(Path.of(dir))) {
                continue;
            }
            try (Stream<Path> commands = Files.list(Path.of(dir))) {
                for (Path command : commands.toList()) {
                    Path link = bin.resolve(command.getFileName().toString());
                    if (!command.getFileName().toString().equals("mvn") && Files.isExecutable(command) && !Files.exists(link)) {
                        Files.createSymbolicLink(link, command);
                    }
                }
            }
        }
        Path route = repo.resolve("src/main/java/com/acme/notifications/routes/ReportsApi.java");
        Files.writeString(route, "package com.acme.notifications.routes;\n\nclass ReportsApi {\n"
                + "    void weekly() { com.acme.notifications.db.Db.rawFactory().openSession().clear(); }\n}\n");
        run(0, "git", "add", "-A");

        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "check-staged").directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("SESSION_GUARD_CACHE", tools.resolve("empty-cache").toString());
        pb.environment().remove("SESSION_GUARD_CONFIG");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        try (Stream<Path> links = Files.list(bin)) {
            for (Path link : links.toList()) {
                Files.delete(link); // JUnit's clean-up of the temporary folder warns of every link pointing out of it
            }
        }
        assertThat(p.exitValue()).as(out).isEqualTo(1);
        assertThat(out).contains("src/main/java/com/acme/notifications/routes/ReportsApi.java:4: SG002 session opened"
                + " outside a try-with-resources header", "commit rejected").doesNotContain("fetching");
    }

    @Test
    void legacy_code_does_not_block_an_unrelated_change() throws Exception {
        Path jarvis = repo.resolve("src/main/java/com/acme/notifications/routes/JarvisApi.java");
        Files.writeString(jarvis, Files.readString(jarvis).replace("/** The legacy notification routes",
                "/** The legacy notification routes (to be fixed: see FIXING.md)"));
        run(0, "git", "commit", "-qam", "document the legacy routes");
    }

    @Test
    void a_staged_new_violation_is_rejected_before_it_is_committed() throws Exception {
        Path route = repo.resolve("src/main/java/com/acme/notifications/routes/ReportsApi.java");
        Files.writeString(route, """
                package com.acme.notifications.routes;

                import com.acme.notifications.db.Db;
                import org.hibernate.Session;

                public class ReportsApi {
                    public long weekly() {
                        Session session = Db.rawFactory().openSession();
                        return session.createSelectionQuery("select count(n) from Notification n", Long.class).getSingleResult();
                    }
                }
                """);
        run(0, "git", "add", "src/main/java/com/acme/notifications/routes/ReportsApi.java");
        String out = run(1, "git", "commit", "-q", "-m", "weekly report");
        assertThat(out).contains("src/main/java/com/acme/notifications/routes/ReportsApi.java:8: SG002 session opened"
                + " outside a try-with-resources header");
        assertThat(run(0, "git", "log", "--oneline")).doesNotContain("weekly report");
    }
}
