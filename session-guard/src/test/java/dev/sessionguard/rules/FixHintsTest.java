package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.sessionguard.policy.SessionPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytecode rules' fixes name the door of the session type the code used: the source it called, or, for a raw door
 * outside the db packages, the configured source of the same session type; and the configured closer of that type.
 */
class FixHintsTest {
    private static final String FIXTURES = "dev.sessionguard.fixtures";
    /** Two configured doors, the JDBC one first: a fix must not point every session to the first one. */
    private static final SessionPolicy POLICY = SessionPolicy.builder()
            .sessionSources(FIXTURES + ".flow.db.FlowDb#connection", FIXTURES + ".sg001.hibernate.db.HibernateDb#getSession")
            .closers(FIXTURES + ".flow.db.FlowDb#release", FIXTURES + ".flow.db.FlowDb#closeQuietly")
            .build();
    private final JavaClasses classes = new ClassFileImporter().importPackages(FIXTURES + ".sg001.hibernate",
            FIXTURES + ".sg001.jdbc", FIXTURES + ".callmodel", FIXTURES + ".flow.db");

    private List<String> fixes(SessionRule rule, String location) {
        List<Violation> found = SessionRules.violations(SessionRules.all(POLICY).get(rule.ordinal()).evaluate(classes));
        return found.stream().filter(v -> v.location().equals(location)).map(Violation::fix).distinct().toList();
    }

    @Test
    void a_raw_door_is_pointed_to_the_configured_source_of_its_session_type_with_its_closer() {
        assertThat(fixes(SessionRule.SG002, FIXTURES + ".sg001.hibernate.routes.JarvisApi#whatsUp")).containsExactly(
                "use try-with-resources: try (var session = HibernateDb.getSession()) { ... }, or close it in a finally"
                        + " block with FlowDb.release(session)");
        assertThat(fixes(SessionRule.SG002, FIXTURES + ".callmodel.Captures#keptInALocalList")).containsExactly(
                "use try-with-resources: try (var session = FlowDb.connection()) { ... }, or close it in a finally block"
                        + " with FlowDb.closeQuietly(session)");
    }

    @Test
    void sg001_names_the_configured_source_of_the_session_type_the_raw_factory_makes() {
        assertThat(fixes(SessionRule.SG001, FIXTURES + ".sg001.hibernate.routes.JarvisApi#sessionFactory"))
                .containsExactly("use HibernateDb.getSession() in try-with-resources");
        assertThat(fixes(SessionRule.SG001, FIXTURES + ".sg001.jdbc.routes.HealthRoute#ping"))
                .containsExactly("use FlowDb.connection() in try-with-resources");
    }

    @Test
    void a_javax_entity_manager_is_never_told_to_use_try_with_resources() {
        List<String> fixes = fixes(SessionRule.SG002, FIXTURES + ".callmodel.JavaxEntityManagers#neverClosed");
        assertThat(fixes).containsExactly("use try/finally: EntityManager em = EntityManagerFactory.createEntityManager();"
                + " try { ... } finally { em.close(); }");
    }
}
