package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A misconfigured rule never passes silently: each case ends in one error that names the culprit. */
class PolicyCheckTest {
    private static final String FIXTURES = "dev.sessionguard.fixtures.sg001";
    private static final JavaClasses HIBERNATE = Fixtures.importPackage(FIXTURES + ".hibernate");

    private static void evaluate(SessionPolicy policy, JavaClasses classes) {
        SessionRules.rawFactoryOutsideDb(policy).evaluate(classes);
    }

    @Test
    void a_configured_type_that_exists_nowhere_is_a_typo() {
        SessionPolicy typo = SessionPolicy.builder().rawFactories("com.acme.db.RawSesions").build();
        assertThatThrownBy(() -> evaluate(typo, HIBERNATE))
                .isInstanceOf(SessionGuardConfigurationException.class)
                .hasMessageMatching("session-guard: sessionguard\\.rawFactories=com\\.acme\\.db\\.RawSesions: no such type among"
                        + " the \\d+ analysed classes nor on the classpath \\(typo\\?\\)");

        SessionPolicy allowed = SessionPolicy.builder().allowedClasses(FIXTURES + ".hibernate.config.PersistenceConfg").build();
        assertThatThrownBy(() -> evaluate(allowed, HIBERNATE))
                .hasMessageStartingWith("session-guard: sessionguard.allowedClasses=" + FIXTURES + ".hibernate.config.PersistenceConfg: no such type");

        SessionPolicy sessionType = SessionPolicy.builder().sessionTypes("com.acme.db.DbSesion").build();
        assertThatThrownBy(() -> evaluate(sessionType, HIBERNATE))
                .hasMessageStartingWith("session-guard: sessionguard.sessionTypes=com.acme.db.DbSesion: no such type");

        SessionPolicy annotation = SessionPolicy.builder().wiringAnnotations("org.springframework.context.annotation.Configuraton").build();
        assertThatThrownBy(() -> evaluate(annotation, HIBERNATE))
                .hasMessageStartingWith("session-guard: sessionguard.wiringAnnotations=org.springframework.context.annotation.Configuraton: no such type");
    }

    @Test
    void a_configured_method_that_exists_nowhere_is_a_typo() {
        SessionPolicy method = SessionPolicy.builder().sessionSources(FIXTURES + ".hibernate.db.HibernateDb#getSesion").build();
        assertThatThrownBy(() -> evaluate(method, HIBERNATE))
                .hasMessage("session-guard: sessionguard.sessionSources=" + FIXTURES + ".hibernate.db.HibernateDb#getSesion: type "
                        + FIXTURES + ".hibernate.db.HibernateDb has no method getSesion (typo?)");

        SessionPolicy owner = SessionPolicy.builder().closers("com.acme.db.Db#release").build();
        assertThatThrownBy(() -> evaluate(owner, HIBERNATE))
                .hasMessageMatching("session-guard: sessionguard\\.closers=com\\.acme\\.db\\.Db#release: no type com\\.acme\\.db\\.Db"
                        + " among the \\d+ analysed classes nor on the classpath \\(typo\\?\\)");
    }

    @Test
    void configured_names_found_on_the_classpath_or_in_the_analysed_code_pass() {
        SessionPolicy fine = SessionPolicy.builder()
                .sessionSources(FIXTURES + ".hibernate.db.HibernateDb#getSession")
                .closers("java.sql.Connection#close")
                .rawFactories(FIXTURES + ".jdbc.db.PooledDataSource")
                .allowedClasses(FIXTURES + ".hibernate.config.PersistenceConfig")
                .build();
        assertThatCode(() -> evaluate(fine, HIBERNATE)).doesNotThrowAnyException();
    }

    @Test
    void an_import_that_found_no_classes_is_an_error() {
        JavaClasses none = new ClassFileImporter().importPackages("com.acme.does.not.exist");
        assertThatThrownBy(() -> evaluate(SessionPolicy.defaults(), none))
                .hasMessageContaining("session-guard: the import found no classes to analyse");
    }

    @Test
    void analysed_code_that_uses_no_session_api_is_an_error_naming_the_presets() {
        JavaClasses plain = Fixtures.importPackage(FIXTURES + ".empty");
        assertThatThrownBy(() -> evaluate(SessionPolicy.defaults(), plain))
                .hasMessage("session-guard: sessionguard.presets=hibernate,jpa,jdbc,mybatis,spring,hibernate-reactive,r2dbc,vertx-sql: none of the 1 analysed classes uses a"
                        + " raw factory, session type or session source of this policy (check the import, the presets and"
                        + " sessionguard.rawFactories/sessionguard.sessionTypes/sessionguard.sessionSources)");
    }

    @Test
    void configured_db_packages_that_match_no_analysed_class_are_an_error_naming_the_key() {
        SessionPolicy database = SessionPolicy.builder().dbPackages(FIXTURES + ".hibernate.database..").build();
        assertThatThrownBy(() -> evaluate(database, HIBERNATE))
                .isInstanceOf(SessionGuardConfigurationException.class)
                .hasMessageMatching("session-guard: sessionguard\\.dbPackages=" + FIXTURES.replace(".", "\\.")
                        + "\\.hibernate\\.database\\.\\.: .* matches none of the \\d+ analysed classes nor a class they use .*");
        SessionPolicy stale = SessionPolicy.builder().dbPackages(FIXTURES + ".hibernate.db..", "..persistence..").build();
        assertThatThrownBy(() -> evaluate(stale, HIBERNATE)).hasMessageContaining(": ..persistence.. matches none of the");

        SessionPolicy used = SessionPolicy.builder().dbPackages(FIXTURES + ".hibernate.db..").build();
        assertThatCode(() -> evaluate(used, HIBERNATE)).doesNotThrowAnyException();
        JavaClasses routesOnly = Fixtures.importPackage(FIXTURES + ".hibernate.routes");
        assertThatCode(() -> evaluate(used, routesOnly)).as("a db package the analysed code uses matches")
                .doesNotThrowAnyException();
    }

    @Test
    void a_source_that_returns_no_session_type_is_an_error_naming_key_and_value() {
        SessionPolicy factory = SessionPolicy.builder().sessionSources(FIXTURES + ".hibernate.db.HibernateDb#factory").build();
        assertThatThrownBy(() -> evaluate(factory, HIBERNATE))
                .hasMessage("session-guard: sessionguard.sessionSources=" + FIXTURES + ".hibernate.db.HibernateDb#factory:"
                        + " returns org.hibernate.SessionFactory, which is not a session type: a source hands out sessions"
                        + " (name the method that returns the session, or add its type to sessionguard.sessionTypes)");
        assertThatThrownBy(() -> SessionRules.sessionLeak(factory).evaluate(HIBERNATE))
                .as("every rule, not only SG001").hasMessageContaining("HibernateDb#factory: returns org.hibernate.SessionFactory");
    }

    @Test
    void a_source_that_returns_a_closeable_resource_of_its_own_is_tracked_as_a_session() {
        // sql2o's Sql2o#open returns org.sql2o.Connection: no preset's session type, but a resource with a close
        SessionPolicy own = SessionPolicy.builder()
                .sessionSources("dev.sessionguard.fixtures.callmodel.Handover#wrappedOrClosed").build();
        JavaClasses callmodel = Fixtures.importPackage("dev.sessionguard.fixtures.callmodel");
        assertThatCode(() -> SessionRules.sessionLeak(own).evaluate(callmodel)).doesNotThrowAnyException();
    }
}
