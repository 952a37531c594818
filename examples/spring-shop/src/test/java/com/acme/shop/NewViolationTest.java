package com.acme.shop;

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
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The frozen legacy corner and price list pass; a new service that opens an application-managed EntityManager and
 * never closes it, or a new one that drops a repository stream as the price list does, fails the build with exactly
 * its own violations.
 */
class NewViolationTest {
    private static final String NEW_SERVICE = """
            package com.acme.shop.catalog;

            import jakarta.persistence.EntityManager;
            import jakarta.persistence.EntityManagerFactory;
            import org.springframework.stereotype.Service;

            @Service
            public class PriceAudit {
                private final EntityManagerFactory emf;

                public PriceAudit(EntityManagerFactory emf) {
                    this.emf = emf;
                }

                public long expensive() {
                    EntityManager em = emf.createEntityManager();
                    return em.createQuery("select count(p) from Product p where p.priceCents > 10000", Long.class)
                            .getSingleResult();
                }
            }
            """;

    private static final String NEW_FEED = """
            package com.acme.shop.prices;

            import java.util.stream.Collectors;
            import org.springframework.stereotype.Service;

            @Service
            public class PriceFeed {
                private final PriceRows rows;

                public PriceFeed(PriceRows rows) {
                    this.rows = rows;
                }

                public String csv() {
                    return rows.streamAllByPriceCentsGreaterThanOrderByName(0).map(PriceRow::name)
                            .collect(Collectors.joining(","));
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

    private static Location shopClasses() {
        return Location.of(Path.of("target/classes").toAbsolutePath());
    }

    @Test
    void the_legacy_corner_passes_against_its_baseline() {
        JavaClasses shop = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importLocations(List.of(shopClasses()));
        assertThat(evaluate(shop)).noneMatch(EvaluationResult::hasViolation);
    }

    /** The failures of the rules, against the baseline, over the shop and one more class compiled from source. */
    private static List<String> failuresWith(Path dir, String className, String code) {
        Path source = dir.resolve("src/" + className.replace('.', '/') + ".java");
        Path out = dir.resolve("classes");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            Files.createDirectories(source.getParent());
            Files.writeString(source, code);
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, err, "-g", "-d", out.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();

        JavaClasses withNewClass = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importLocations(List.of(shopClasses(), Location.of(out)));
        List<String> failures = new ArrayList<>();
        evaluate(withNewClass).forEach(r -> failures.addAll(r.getFailureReport().getDetails()));
        return failures;
    }

    @Test
    void a_new_leaking_service_fails_with_only_its_own_violations(@TempDir Path dir) {
        List<String> failures = failuresWith(dir, "com.acme.shop.catalog.PriceAudit", NEW_SERVICE);

        List<String> violations = failures.stream().filter(f -> !f.startsWith("session-guard: ")).toList();
        assertThat(violations).hasSize(4).anyMatch(f -> f.startsWith("SG002 com.acme.shop.catalog.PriceAudit#expensive opens a"
                + " session with EntityManagerFactory.createEntityManager() that is"))
                .allMatch(f -> f.contains("com.acme.shop.catalog.PriceAudit#"));
        // the failing run leaves the baseline as it is, and says so per rule
        assertThat(failures).containsSubsequence("session-guard: SG001: baseline left unchanged because of 3 new violations",
                "session-guard: SG002: baseline left unchanged because of 1 new violation").hasSize(6);
    }

    @Test
    void a_new_unclosed_repository_stream_fails_beside_the_frozen_one(@TempDir Path dir) {
        List<String> failures = failuresWith(dir, "com.acme.shop.prices.PriceFeed", NEW_FEED);

        assertThat(failures).containsExactly("SG002 com.acme.shop.prices.PriceFeed#csv opens a session with"
                        + " PriceRows.streamAllByPriceCentsGreaterThanOrderByName() that is used by collect() at line 16"
                        + " and never closed (PriceFeed.java:15); fix: use try-with-resources on the result:"
                        + " try (Stream<T> s = PriceRows.streamAllByPriceCentsGreaterThanOrderByName()) { ... }",
                "session-guard: SG002: baseline left unchanged because of 1 new violation");
    }
}
