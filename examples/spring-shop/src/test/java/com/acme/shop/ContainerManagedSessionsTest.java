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
 * mappers and SqlSessionTemplate, JdbcTemplate, {@code @Configuration} wiring, a repository stream in
 * try-with-resources) has no violation but the price list's unclosed repository stream, and the legacy corner has
 * exactly its anti-patterns, one of each. Both are frozen in the baseline; these lists say what it may hold.
 */
class ContainerManagedSessionsTest {
    private static final JavaClasses SHOP = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("com.acme.shop");

    private static List<Violation> found(String packagePrefix) {
        List<Violation> found = new ArrayList<>();
        for (ArchRule rule : SessionRules.all(SessionPolicy.fromConfiguration())) {
            SessionRules.violations(rule.evaluate(SHOP)).stream()
                    .filter(v -> v.className().startsWith(packagePrefix))
                    .forEach(found::add);
        }
        return found;
    }

    private static List<String> violations(String packagePrefix) {
        return found(packagePrefix).stream().map(v -> v.rule().id() + " " + v.location() + ":" + v.line()).toList();
    }

    @Test
    void the_idiomatic_code_has_no_violation_but_the_unclosed_repository_stream() {
        List<String> all = violations("com.acme.shop.");
        assertThat(all).filteredOn(v -> !v.contains("com.acme.shop.legacy."))
                .containsExactly("SG002 com.acme.shop.prices.PriceList#unclosed:21");
    }

    @Test
    void the_unclosed_repository_stream_is_reported_at_its_opener_and_its_closed_twin_is_not() {
        assertThat(found("com.acme.shop.prices.")).singleElement().satisfies(v -> assertThat(v.message()).isEqualTo(
                "SG002 com.acme.shop.prices.PriceList#unclosed opens a session with"
                        + " PriceRows.streamAllByPriceCentsGreaterThanOrderByName() that is used by toList() at line 21"
                        + " and never closed (PriceList.java:21); fix: use try-with-resources on the result:"
                        + " try (Stream<T> s = PriceRows.streamAllByPriceCentsGreaterThanOrderByName()) { ... }"));
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
