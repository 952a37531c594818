package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Container-managed sessions with real Spring, mybatis-spring, CDI, jakarta.inject and Micronaut types: injected
 * sessions, templates and wiring are silent; the container anti-patterns are reported, each at its marked line.
 */
class ContainerManagedSessionsTest {
    static final String PACKAGE = "dev.sessionguard.fixtures.container";
    /** Imported per test: the flow analysis is shared per import, and each test gets it anew. */
    private final JavaClasses classes = Fixtures.importPackage(PACKAGE);

    private List<Violation> violations(SessionRule rule, SessionPolicy policy) {
        return SessionRules.violations(SessionRules.all(policy).get(rule.ordinal()).evaluate(classes));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SessionRule.class)
    void reports_exactly_the_marked_lines(SessionRule rule) {
        assertThat(Fixtures.actual(violations(rule, SessionPolicy.defaults()))).isEqualTo(Fixtures.expected(PACKAGE, rule));
    }

    @Test
    void wiring_is_reported_once_the_exemption_is_turned_off() {
        Properties p = new Properties();
        p.setProperty(PolicyConfiguration.WIRING_ANNOTATIONS, "none");
        SessionPolicy noExemption = PolicyConfiguration.fromProperties(p, "test");
        assertThat(violations(SessionRule.SG001, noExemption)).extracting(Violation::location)
                .contains(PACKAGE + ".config.PersistenceConfig#jdbcTemplate", PACKAGE + ".config.MicronautFactory#jdbcTemplate",
                        PACKAGE + ".config.CdiProducers#entityManagerFactory", PACKAGE + ".config.PersistenceConfig$Holder#dataSource",
                        PACKAGE + ".config.ShopApplication#namedTemplate", PACKAGE + ".config.ShopApplication#primary");
    }

    @Test
    void an_empty_list_of_wiring_annotations_is_an_error_naming_the_key() {
        Properties p = new Properties();
        p.setProperty(PolicyConfiguration.WIRING_ANNOTATIONS, " ");
        assertThatThrownBy(() -> PolicyConfiguration.fromProperties(p, "test"))
                .isInstanceOf(SessionGuardConfigurationException.class)
                .hasMessageContaining("sessionguard.wiringAnnotations= : no annotation named");
    }

    @Test
    void the_template_is_no_session_even_without_the_spring_preset() {
        assertThat(violations(SessionRule.SG004, SessionPolicy.builder().build())).extracting(Violation::location)
                .noneMatch(l -> l.startsWith(PACKAGE + ".service."));
    }
}
