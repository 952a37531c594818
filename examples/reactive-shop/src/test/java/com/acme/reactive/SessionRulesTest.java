package com.acme.reactive;

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
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * session-guard over the reactive shop's production classes, without a baseline: the pipeline that never closes the
 * connection it took with {@code ConnectionFactory#create()} fails the build with SG002 at that line
 * (OrderCounts.java:24); its {@code Mono.usingWhen} twin, the controller and the application have no report.
 */
class SessionRulesTest {
    private static final JavaClasses SHOP = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("com.acme.reactive");

    private static List<Violation> violations() {
        List<Violation> found = new ArrayList<>();
        for (ArchRule rule : SessionRules.all(SessionPolicy.fromConfiguration())) {
            found.addAll(SessionRules.violations(rule.evaluate(SHOP)));
        }
        return found;
    }

    @Test
    void the_unclosed_pipeline_is_the_one_violation_at_its_create_line() {
        assertThat(violations()).singleElement().satisfies(v -> {
            assertThat(v.rule().id() + " " + v.location() + ":" + v.line())
                    .isEqualTo("SG002 com.acme.reactive.db.OrderCounts#countUnclosed:24");
            assertThat(v.message()).contains("(OrderCounts.java:24)").contains("usingWhen");
        });
    }

    @Test
    void the_build_fails_on_the_unclosed_pipeline_and_only_on_it() {
        for (ArchRule rule : SessionRules.all(SessionPolicy.fromConfiguration())) {
            if (rule.getDescription().startsWith("SG002 ")) {
                assertThatThrownBy(() -> rule.check(SHOP)).isInstanceOf(AssertionError.class)
                        .hasMessageContaining("was violated (1 times)")
                        .hasMessageContaining("SG002 com.acme.reactive.db.OrderCounts#countUnclosed ")
                        .hasMessageNotContaining("OrderCounts#count ");
            } else {
                assertThatCode(() -> rule.check(SHOP)).as(rule.getDescription()).doesNotThrowAnyException();
            }
        }
    }
}
