package com.acme.notifications;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.sessionguard.baseline.SessionBaseline;
import dev.sessionguard.policy.BaselineMode;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.rules.SessionRules;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frozen baseline lets the legacy code pass, and still fails the build on anything new: a new route that leaks
 * a session is compiled next to the service's classes and the rules are run against the committed baseline, which
 * the failing run leaves as it is.
 */
class NewViolationTest {
    private static final String NEW_ROUTE = """
            package com.acme.notifications.routes;

            import com.acme.notifications.db.Db;
            import org.hibernate.Session;

            public class ReportsApi {
                public long weekly() {
                    Session session = Db.getSession();
                    return session.createSelectionQuery("select count(n) from Notification n", Long.class).getSingleResult();
                }
            }
            """;

    private static List<EvaluationResult> evaluate(JavaClasses classes) {
        SessionPolicy policy = SessionPolicy.fromConfiguration().toBuilder()
                .baseline(Path.of("session-guard-baseline").toAbsolutePath().toString())
                .baselineMode(BaselineMode.VERIFY).build();
        List<EvaluationResult> results = new ArrayList<>();
        for (ArchRule rule : SessionRules.all(policy)) {
            results.add(SessionBaseline.freeze(rule, policy).evaluate(classes));
        }
        return results;
    }

    private static Location serviceClasses() {
        return Location.of(Path.of("target/classes").toAbsolutePath());
    }

    @Test
    void the_legacy_code_passes_against_its_baseline() {
        JavaClasses legacy = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importLocations(List.of(serviceClasses()));
        assertThat(evaluate(legacy)).noneMatch(EvaluationResult::hasViolation);
    }

    @Test
    void a_new_leaking_route_fails_with_only_its_own_violation(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("src/com/acme/notifications/routes/ReportsApi.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, NEW_ROUTE);
        Path out = Files.createDirectories(dir.resolve("classes"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, err, "-g", "-d", out.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();

        JavaClasses withNewRoute = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importLocations(List.of(serviceClasses(), Location.of(out)));
        List<String> failures = new ArrayList<>();
        evaluate(withNewRoute).forEach(r -> failures.addAll(r.getFailureReport().getDetails()));

        assertThat(failures).containsExactly("SG002 com.acme.notifications.routes.ReportsApi#weekly opens a session with"
                + " Db.getSession() that is not closed when the method returns at line 9 (ReportsApi.java:8);"
                + " fix: use try-with-resources: try (var session = Db.getSession()) { ... }",
                "session-guard: SG002: baseline left unchanged because of 1 new violation");
    }
}
