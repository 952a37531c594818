package dev.sessionguard.cli;

import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.rules.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The entry point of the build plugins, over a module folder that is not the working folder. */
class BuildCheckTest {
    private static final Path FIXTURES = Path.of("target/test-classes/dev/sessionguard/fixtures/sg001/hibernate");
    private static final String PKG = "dev/sessionguard/fixtures/sg001/hibernate/";
    private static final SessionPolicy POLICY = BuildCheck.policy(null, List.of(new PolicyConfiguration.Overrides("test",
            Map.of(PolicyConfiguration.PRESETS, "hibernate",
                    PolicyConfiguration.SESSION_SOURCES, "dev.sessionguard.fixtures.sg001.hibernate.db.HibernateDb#getSession"))));

    /** A built module: the Hibernate fixtures' db and routes packages in its target/classes. */
    private static BuildCheck.Module module(Path dir, String... packages) throws IOException {
        Path classes = dir.resolve("target/classes");
        for (String pkg : packages) {
            Path to = Files.createDirectories(classes.resolve(PKG + pkg));
            try (Stream<Path> files = Files.list(FIXTURES.resolve(pkg))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return new BuildCheck.Module("shop", dir, classes, List.of());
    }

    private static List<String> keys(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void check_fails_on_new_violations_freeze_writes_the_module_baseline_ci_never_writes(@TempDir Path dir) throws IOException {
        BuildCheck.Module module = module(dir, "db", "routes");
        Path baseline = dir.resolve("session-guard-baseline");

        BuildCheck.Result fresh = BuildCheck.run(BuildCheck.Goal.CHECK, module, null, POLICY, null);
        assertThat(fresh.newViolations()).extracting(Violation::location)
                .contains("dev.sessionguard.fixtures.sg001.hibernate.routes.JarvisApi#whatsUp");
        assertThat(fresh.failure()).startsWith("session-guard: " + fresh.newViolations().size() + " new violations in shop\n")
                .contains("SG001 dev.sessionguard.fixtures.sg001.hibernate.routes.JarvisApi#whatsUp calls"
                        + " org.hibernate.SessionFactory.openSession() outside the db packages (JarvisApi.java:14); fix: ")
                .contains("\n  SG001: not frozen, ");
        assertThat(baseline).as("a check creates no baseline").doesNotExist();

        BuildCheck.Result frozen = BuildCheck.run(BuildCheck.Goal.FREEZE, module, null, POLICY, null);
        assertThat(frozen.newViolations()).isEmpty();
        assertThat(baseline.resolve("SG001.txt")).as("the baseline lies in the module, not the working folder").isRegularFile();
        List<String> entries = keys(baseline.resolve("SG001.txt"));
        assertThat(entries).isNotEmpty();
        assertThat(BuildCheck.run(BuildCheck.Goal.CHECK, module, null, POLICY, null).newViolations()).isEmpty();

        // JarvisApi no longer counts for SG001 (it is allowed now), as if it were fixed: on CI the baseline stays and
        // says what can be removed; locally it shrinks
        SessionPolicy fixed = POLICY.toBuilder().allowedClasses("dev.sessionguard.fixtures.sg001.hibernate.routes.JarvisApi").build();
        BuildCheck.Result ci = BuildCheck.run(BuildCheck.Goal.CHECK, module, null, fixed, "true");
        assertThat(keys(baseline.resolve("SG001.txt"))).isEqualTo(entries);
        assertThat(ci.summary()).anyMatch(l -> l.startsWith("SG001: ") && l.endsWith(" can be removed from the baseline"));
        BuildCheck.Result local = BuildCheck.run(BuildCheck.Goal.CHECK, module, null, fixed, null);
        assertThat(local.newViolations()).isEmpty();
        assertThat(keys(baseline.resolve("SG001.txt"))).hasSizeLessThan(entries.size())
                .noneMatch(k -> k.contains("JarvisApi"));
    }

    @Test
    void a_module_without_classes_or_without_session_api_is_skipped(@TempDir Path dir) throws IOException {
        BuildCheck.Module empty = new BuildCheck.Module("docs", dir, dir.resolve("target/classes"), List.of());
        assertThat(BuildCheck.run(BuildCheck.Goal.CHECK, empty, null, POLICY, null).skipped()).isEqualTo("docs (no target/classes)");

        Path classes = Files.createDirectories(dir.resolve("util/target/classes/dev/sessionguard/cli"));
        Files.copy(Path.of("target/classes/dev/sessionguard/cli/UsageException.class"), classes.resolve("UsageException.class"));
        BuildCheck.Module util = new BuildCheck.Module("util", dir.resolve("util"), dir.resolve("util/target/classes"), List.of());
        BuildCheck.Result r = BuildCheck.run(BuildCheck.Goal.AUDIT, util, null, SessionPolicy.defaults(), null);
        assertThat(r.isSkipped()).isTrue();
        assertThat(r.skipped()).isEqualTo("util (uses no session API)");
    }

    @Test
    void audit_writes_every_format_and_the_reactor_writes_sarif_and_html(@TempDir Path dir) throws IOException {
        BuildCheck.Result app = BuildCheck.run(BuildCheck.Goal.AUDIT, module(dir.resolve("app"), "db", "routes"), null, POLICY, null);
        assertThat(BuildCheck.writeReports(app.report(), dir.resolve("app/target/session-guard")))
                .extracting(f -> f.getFileName().toString())
                .containsExactly("session-guard.txt", "session-guard.md", "session-guard.json", "session-guard.sarif", "session-guard.html");
        assertThat(dir.resolve("app/session-guard-baseline")).as("an audit never writes a baseline").doesNotExist();

        BuildCheck.Result docs = BuildCheck.run(BuildCheck.Goal.AUDIT,
                new BuildCheck.Module("docs", dir.resolve("docs"), dir.resolve("docs/target/classes"), List.of()), null, POLICY, null);
        List<Path> reactor = BuildCheck.writeReactorReports(dir, List.of(app, docs), dir.resolve("target/session-guard"));
        assertThat(reactor).extracting(f -> f.getFileName().toString()).containsExactly("reactor.sarif", "reactor.html");
        assertThat(Files.readString(reactor.get(0)))
                .contains("\"uri\": \"app/src/main/java/dev/sessionguard/fixtures/sg001/hibernate/routes/JarvisApi.java\"");
        assertThat(Files.readString(reactor.get(1))).contains("docs (no target/classes)");
    }

    @Test
    void each_override_is_named_in_its_error_and_a_later_one_wins(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("session-guard.properties"), "sessionguard.presets=hibernat\n");
        assertThatThrownBy(() -> BuildCheck.policy(file, List.of()))
                .hasMessage("session-guard: " + file + ": sessionguard.presets=hibernat: unknown preset (known: hibernate, jpa, jdbc, mybatis, spring, hibernate-reactive, r2dbc, vertx-sql)");
        PolicyConfiguration.Overrides pom = new PolicyConfiguration.Overrides("pom.xml <configuration><properties>",
                Map.of(PolicyConfiguration.PRESETS, "jpa", PolicyConfiguration.BASELINE_MODE, "sometimes"));
        assertThatThrownBy(() -> BuildCheck.policy(file, List.of(pom))).isInstanceOf(SessionGuardConfigurationException.class)
                .hasMessageStartingWith("session-guard: pom.xml <configuration><properties>: sessionguard.baseline.mode=sometimes: unknown mode");
        PolicyConfiguration.Overrides commandLine = new PolicyConfiguration.Overrides("-D",
                Map.of(PolicyConfiguration.BASELINE_MODE, "verify", PolicyConfiguration.SKIP, "true"));
        SessionPolicy policy = BuildCheck.policy(file, List.of(pom, commandLine));
        assertThat(policy.presets()).extracting(p -> p.id()).containsExactly("jpa");
        assertThat(policy.baselineMode().id()).isEqualTo("verify");
        assertThatThrownBy(() -> BuildCheck.policy(null, List.of(new PolicyConfiguration.Overrides("-D",
                Map.of("sessionguard.dbPackage", "x")))))
                .hasMessageStartingWith("session-guard: -Dsessionguard.dbPackage: sessionguard.dbPackage=x: unknown key");
        assertThatThrownBy(() -> BuildCheck.configFile(dir, dir.resolve("missing.properties")))
                .hasMessage("session-guard: " + dir.resolve("missing.properties") + ": no such configuration file");
    }

    /** {@code mvn verify -Dsessionguard.skip} skips the plugin; the tests of the same build (Surefire hands them -D) run. */
    @Test
    void the_rules_ignore_the_plugins_skip_property() {
        String before = System.getProperty(PolicyConfiguration.SKIP);
        System.setProperty(PolicyConfiguration.SKIP, "true");
        try {
            assertThat(SessionPolicy.fromConfiguration()).isNotNull();
        } finally {
            if (before == null) {
                System.clearProperty(PolicyConfiguration.SKIP);
            } else {
                System.setProperty(PolicyConfiguration.SKIP, before);
            }
        }
    }
}
