package com.acme.shop;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.rules.SessionRules;
import dev.sessionguard.rules.Violation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without the baseline: the idiomatic code (injected EntityManager, repositories, {@code @Transactional} services,
 * mappers and SqlSessionTemplate, JdbcTemplate, {@code @Configuration} wiring) has no violation at all, and the legacy
 * corner has exactly its anti-patterns, one of each.
 */
class ContainerManagedSessionsTest {
    private static final JavaClasses SHOP = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("com.acme.shop");

    private static List<String> violations(String packagePrefix) {
        List<String> found = new ArrayList<>();
        for (ArchRule rule : SessionRules.all(SessionPolicy.fromConfiguration())) {
            SessionRules.violations(rule.evaluate(SHOP)).stream()
                    .filter(v -> v.className().startsWith(packagePrefix))
                    .map(v -> v.rule().id() + " " + v.location() + ":" + v.line())
                    .forEach(found::add);
        }
        return found;
    }

    @Test
    void the_idiomatic_code_has_zero_violations() {
        List<String> all = violations("com.acme.shop.");
        assertThat(all).allMatch(v -> v.contains("com.acme.shop.legacy."));
    }

    @Test
    void the_legacy_corner_has_one_of_each_container_anti_pattern() {
        assertThat(violations("com.acme.shop.legacy.")).containsExactlyInAnyOrder(
                // a connection taken from the pool in a service and never given back
                "SG001 com.acme.shop.legacy.StockReport#<init>:20",
                "SG001 com.acme.shop.legacy.StockReport#dataSource:21",
                "SG001 com.acme.shop.legacy.StockReport#legacyProductCount:26",
                "SG002 com.acme.shop.legacy.StockReport#legacyProductCount:26",
                // an application-managed EntityManager never closed
                "SG001 com.acme.shop.legacy.ReportingSessions#<init>:19",
                "SG001 com.acme.shop.legacy.ReportingSessions#emf:20",
                "SG001 com.acme.shop.legacy.ReportingSessions#productCount:25",
                "SG002 com.acme.shop.legacy.ReportingSessions#productCount:25",
                // a singleton bean keeping a session it opened in a field (SessionFactory.class and openSession()),
                // and a static session
                "SG001 com.acme.shop.legacy.ReportingSessions#<init>:21",
                "SG001 com.acme.shop.legacy.ReportingSessions#<init>:21",
                "SG004 com.acme.shop.legacy.ReportingSessions#reporting:21",
                "SG004 com.acme.shop.legacy.ReportingSessions#lastUsed:30");
    }
}
