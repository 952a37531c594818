package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SG001RawFactoryOutsideDbTest {
    private static final String FIXTURES = "dev.sessionguard.fixtures.sg001";
    private static final SessionPolicy POLICY = SessionPolicy.builder()
            .sessionSources(FIXTURES + ".hibernate.db.HibernateDb#getSession")
            .allowedClasses(FIXTURES + ".hibernate.config.PersistenceConfig")
            .build();

    private static List<Violation> violations(String pkg, SessionPolicy policy) {
        EvaluationResult result = SessionRules.rawFactoryOutsideDb(policy).evaluate(Fixtures.importPackage(pkg));
        return SessionRules.violations(result);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hibernate", "jpa", "jdbc", "mybatis"})
    void reports_exactly_the_marked_lines_of_each_preset(String preset) {
        String pkg = FIXTURES + "." + preset;
        List<Violation> found = violations(pkg, POLICY);

        assertThat(found).isNotEmpty();
        Fixtures.assertReportsExactlyTheMarkedLines(found, SessionRule.SG001, pkg);
    }

    @Test
    void message_names_class_member_raw_type_line_and_the_projects_own_fix() {
        List<Violation> found = violations(FIXTURES + ".hibernate.routes", POLICY);

        assertThat(found).extracting(Violation::message).contains(
                "SG001 " + FIXTURES + ".hibernate.routes.JarvisApi#whatsUp calls org.hibernate.SessionFactory.openSession()"
                        + " outside the db packages (JarvisApi.java:14); fix: use HibernateDb.getSession() in try-with-resources",
                "SG001 " + FIXTURES + ".hibernate.routes.JarvisApi#sessionFactory has a field sessionFactory of type"
                        + " org.hibernate.SessionFactory outside the db packages (JarvisApi.java:10);"
                        + " fix: use HibernateDb.getSession() in try-with-resources");
    }

    @Test
    void subtypes_of_raw_factories_are_named_with_the_raw_type_they_are() {
        List<Violation> found = violations(FIXTURES + ".hibernate.routes", POLICY);

        assertThat(found).extracting(Violation::message).anySatisfy(m -> assertThat(m)
                .startsWith("SG001 " + FIXTURES + ".hibernate.routes.AdminApi#dialect calls"
                        + " org.hibernate.engine.spi.SessionFactoryImplementor.getJdbcServices() (a subtype of org.hibernate.SessionFactory)"));
    }

    @Test
    void static_access_to_a_raw_factory_of_the_db_package_counts() {
        List<Violation> found = violations(FIXTURES + ".hibernate.routes", POLICY);

        assertThat(found).filteredOn(v -> v.member().equals("exposed")).extracting(Violation::detail)
                .containsExactly("accesses " + FIXTURES + ".hibernate.db.HibernateDb.FACTORY of type org.hibernate.SessionFactory"
                        + " outside the db packages");
    }

    @Test
    void lambdas_count_as_their_method_and_anonymous_classes_as_themselves() {
        assertThat(violations(FIXTURES + ".hibernate.routes", POLICY)).extracting(Violation::location)
                .contains(FIXTURES + ".hibernate.routes.JarvisApi#later");
        assertThat(violations(FIXTURES + ".hibernate.tasks", POLICY)).extracting(Violation::location)
                .contains(FIXTURES + ".hibernate.tasks.MonitorSignals$1#run");
    }

    @Test
    void a_project_wrapper_of_a_raw_factory_outside_the_db_packages_is_itself_reported() {
        assertThat(violations(FIXTURES + ".jdbc.util", POLICY)).extracting(Violation::location, Violation::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FIXTURES + ".jdbc.util.TracingDataSource#<class>",
                        FIXTURES + ".jdbc.db.PooledDataSource"));
    }

    @Test
    void allowed_wiring_classes_are_exempt_and_reported_without_the_exemption() {
        String config = FIXTURES + ".hibernate.config";
        assertThat(violations(config, POLICY)).isEmpty();
        assertThat(violations(config, POLICY.toBuilder().allowedClasses().build())).isEmpty();

        SessionPolicy withoutExemption = SessionPolicy.builder()
                .sessionSources(FIXTURES + ".hibernate.db.HibernateDb#getSession").build();
        assertThat(Fixtures.actual(violations(config, withoutExemption))).containsExactly(
                "SG001 dev/sessionguard/fixtures/sg001/hibernate/config/PersistenceConfig.java:10",
                "SG001 dev/sessionguard/fixtures/sg001/hibernate/config/PersistenceConfig.java:11");
    }

    @Test
    void db_packages_are_configurable() {
        SessionPolicy routesAreDb = POLICY.toBuilder().dbPackages("..db..", "..routes..").build();
        assertThat(violations(FIXTURES + ".hibernate.routes", routesAreDb)).isEmpty();
    }

    @Test
    void project_raw_factories_are_added_to_the_presets() {
        SessionPolicy own = POLICY.toBuilder().rawFactories(FIXTURES + ".jdbc.db.PooledDataSource").build();
        assertThat(violations(FIXTURES + ".jdbc.routes", own)).extracting(Violation::target)
                .contains(FIXTURES + ".jdbc.db.PooledDataSource");
    }

    @Test
    void clean_code_passes() {
        JavaClasses clean = Fixtures.importPackage(FIXTURES + ".hibernate.clean");
        assertThat(SessionRules.rawFactoryOutsideDb(POLICY).evaluate(clean).hasViolation()).isFalse();
    }

    @Test
    void the_failure_report_carries_every_message() {
        ArchRule rule = SessionRules.rawFactoryOutsideDb(POLICY);
        String report = rule.evaluate(Fixtures.importPackage(FIXTURES + ".jpa")).getFailureReport().toString();

        assertThat(report).contains("Rule 'SG001 raw-factory-outside-db: no classes outside the db packages should use raw"
                        + " session factories' was violated (2 times)")
                .contains("MemoryRoute#remember gets jakarta.persistence.EntityManagerFactory from"
                        + " jakarta.persistence.Persistence.createEntityManagerFactory() outside the db packages (MemoryRoute.java:10)");
    }

    @Test
    void the_description_is_pinned() {
        assertThat(SessionGuard.NO_CLASSES_OUTSIDE_DB_PACKAGES_SHOULD_USE_RAW_SESSION_FACTORIES.getDescription())
                .isEqualTo("SG001 raw-factory-outside-db: no classes outside the db packages should use raw session factories");
        assertThat(SessionRules.rawFactoryOutsideDb(SessionPolicy.defaults()).getDescription())
                .isEqualTo(SessionRule.SG001.description());
        assertThat(SessionRule.SG001.description())
                .isEqualTo("SG001 raw-factory-outside-db: no classes outside the db packages should use raw session factories");
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

    @Test
    void the_rule_its_condition_and_its_page_are_reachable_from_the_id() {
        SessionGuardRuleSetTest.assertReachableFromItsId(SessionRule.SG001, POLICY, Fixtures.importPackage(FIXTURES + ".hibernate.routes"),
                SessionRules.rawFactoryOutsideDb(POLICY), "use raw session factories outside the db packages");
    }
}
