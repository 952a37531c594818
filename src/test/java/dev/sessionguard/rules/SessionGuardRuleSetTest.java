package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The baseline keys on rule IDs and descriptions: every description is pinned here, word for word. */
class SessionGuardRuleSetTest {

    @Test
    void rule_descriptions_are_pinned() {
        assertThat(SessionGuard.NO_CLASSES_OUTSIDE_DB_PACKAGES_SHOULD_USE_RAW_SESSION_FACTORIES.getDescription())
                .isEqualTo("SG001 raw-factory-outside-db: no classes outside the db packages should use raw session factories");
        assertThat(SessionRules.rawFactoryOutsideDb(SessionPolicy.defaults()).getDescription())
                .isEqualTo(SessionRule.SG001.description());
        assertThat(Arrays.stream(SessionRule.values()).map(SessionRule::description)).containsExactly(
                "SG001 raw-factory-outside-db: no classes outside the db packages should use raw session factories",
                "SG002 session-leak: sessions that are opened should be closed or handed on on every path",
                "SG003 session-close-not-guaranteed: sessions should be closed even when an exception is thrown",
                "SG004 session-field: no classes outside the db packages should keep sessions in fields");
    }

    @Test
    void the_rule_set_is_a_final_class_of_public_static_final_rules() throws IllegalAccessException {
        assertThat(Modifier.isFinal(SessionGuard.class.getModifiers())).isTrue();
        for (Field f : SessionGuard.class.getDeclaredFields()) {
            assertThat(Modifier.isPublic(f.getModifiers()) && Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()))
                    .as(f.getName()).isTrue();
            if (ArchRule.class.isAssignableFrom(f.getType())) {
                assertThat(f.isAnnotationPresent(com.tngtech.archunit.junit.ArchTest.class)).as(f.getName()).isTrue();
                assertThat(((ArchRule) f.get(null)).getDescription()).as(f.getName()).matches("SG00\\d [a-z-]+: .*");
            }
        }
    }

    @Test
    void factories_return_fresh_rules_that_can_be_customised() {
        ArchRule first = SessionRules.rawFactoryOutsideDb(SessionPolicy.defaults());
        assertThat(first).isNotSameAs(SessionRules.rawFactoryOutsideDb(SessionPolicy.defaults()));
        assertThat(first.because("the pool ran dry in March").getDescription())
                .isEqualTo(SessionRule.SG001.description() + ", because the pool ran dry in March");
        assertThat(SessionRules.all(SessionPolicy.defaults())).extracting(ArchRule::getDescription)
                .containsExactly(Arrays.stream(SessionRule.values()).map(SessionRule::description).toArray(String[]::new));
    }

    @Test
    void the_configured_rule_set_reads_session_guard_properties_when_it_is_evaluated() {
        JavaClasses config = Fixtures.importPackage("dev.sessionguard.fixtures.sg001.hibernate.config");
        List<Violation> found = SessionRules.violations(
                SessionGuard.NO_CLASSES_OUTSIDE_DB_PACKAGES_SHOULD_USE_RAW_SESSION_FACTORIES.evaluate(config));
        assertThat(found).as("PersistenceConfig is allowed by src/test/resources/session-guard.properties").isEmpty();

        String routes = SessionGuard.NO_CLASSES_OUTSIDE_DB_PACKAGES_SHOULD_USE_RAW_SESSION_FACTORIES
                .evaluate(Fixtures.importPackage("dev.sessionguard.fixtures.sg001.hibernate.routes")).getFailureReport().toString();
        assertThat(routes).contains("fix: use HibernateDb.getSession() in try-with-resources");
    }
}
