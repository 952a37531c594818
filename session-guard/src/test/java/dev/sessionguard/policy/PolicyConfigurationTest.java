package dev.sessionguard.policy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyConfigurationTest {
    @AfterEach
    void clearOverrides() {
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith(PolicyConfiguration.PREFIX)).forEach(System::clearProperty);
    }

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void defaults_are_all_presets_and_the_db_packages() {
        SessionPolicy p = SessionPolicy.defaults();
        assertThat(p.presets()).containsExactlyInAnyOrder(Preset.values());
        assertThat(p.dbPackages()).containsExactly("..db..");
        assertThat(p.rawFactories()).contains("org.hibernate.SessionFactory", "jakarta.persistence.EntityManagerFactory",
                "javax.persistence.EntityManagerFactory", "javax.sql.DataSource", "java.sql.DriverManager",
                "org.apache.ibatis.session.SqlSessionFactory");
        assertThat(p.sessionTypes()).contains("org.hibernate.Session", "org.hibernate.StatelessSession",
                "jakarta.persistence.EntityManager", "java.sql.Connection", "org.apache.ibatis.session.SqlSession");
        assertThat(p.containerManaged()).containsExactly(MethodRef.of("org.hibernate.SessionFactory", "getCurrentSession"),
                MethodRef.of("org.springframework.orm.jpa.EntityManagerFactoryUtils", "getTransactionalEntityManager"),
                MethodRef.of("org.springframework.orm.jpa.EntityManagerFactoryUtils", "doGetTransactionalEntityManager"),
                MethodRef.of("org.springframework.orm.jpa.SharedEntityManagerCreator", "createSharedEntityManager"));
        assertThat(p.closers()).contains(MethodRef.of("org.springframework.jdbc.datasource.DataSourceUtils", "releaseConnection"),
                MethodRef.of("org.springframework.orm.jpa.EntityManagerFactoryUtils", "closeEntityManager"));
        assertThat(p.threadSafeTemplates()).containsExactly("org.mybatis.spring.SqlSessionTemplate");
        assertThat(p.wiringAnnotations()).isEqualTo(SessionPolicy.DEFAULT_WIRING_ANNOTATIONS);
        assertThat(p.baseline()).isEqualTo("session-guard-baseline");
        assertThat(p.baselineMode()).isEqualTo(BaselineMode.AUTO);
        assertThat(p.baselineLockTimeout()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(p.fixHint()).isEqualTo("open sessions only inside the db packages (..db..) and use them in try-with-resources");
    }

    @Test
    void every_key_is_read() {
        SessionPolicy p = PolicyConfiguration.fromProperties(props(
                "sessionguard.presets", "hibernate, jdbc",
                "sessionguard.dbPackages", "com.acme.db..,..persistence..",
                "sessionguard.rawFactories", "com.acme.db.RawSessions",
                "sessionguard.sessionSources", "com.acme.db.Db#getSession",
                "sessionguard.sessionTypes", "com.acme.db.DbSession",
                "sessionguard.closers", "com.acme.db.Db#release",
                "sessionguard.allowedClasses", "com.acme.config.PersistenceConfig",
                "sessionguard.baseline", "config/baseline",
                "sessionguard.baseline.mode", "verify",
                "sessionguard.baseline.lockTimeout", "90s",
                "sessionguard.skipUnreadable", " true ",
                "sessionguard.closerFailures", "true",
                "sessionguard.wiringAnnotations", "com.acme.Wiring, com.acme.Factory"), "test");

        assertThat(p.presets()).containsExactly(Preset.HIBERNATE, Preset.JDBC);
        assertThat(p.dbPackages()).containsExactly("com.acme.db..", "..persistence..");
        assertThat(p.isDbPackage("com.acme.db.internal")).isTrue();
        assertThat(p.isDbPackage("com.acme.routes")).isFalse();
        assertThat(p.rawFactories()).contains("org.hibernate.SessionFactory", "com.acme.db.RawSessions")
                .doesNotContain("org.apache.ibatis.session.SqlSessionFactory");
        assertThat(p.sessionSources()).contains(MethodRef.of("com.acme.db.Db", "getSession"));
        assertThat(p.sessionTypes()).contains("com.acme.db.DbSession");
        assertThat(p.closers()).containsExactly(MethodRef.of("com.acme.db.Db", "release"));
        assertThat(p.isAllowedClass("com.acme.config.PersistenceConfig$1")).isTrue();
        assertThat(p.isAllowedClass("com.acme.config.PersistenceConfigX")).isFalse();
        assertThat(p.baseline()).isEqualTo("config/baseline");
        assertThat(p.baselineMode()).isEqualTo(BaselineMode.VERIFY);
        assertThat(p.baselineLockTimeout()).isEqualTo(java.time.Duration.ofSeconds(90));
        for (String[] spelling : new String[][] {{"500ms", "PT0.5S"}, {"3m", "PT3M"}, {"PT1M30S", "PT1M30S"}, {"0s", "PT0S"}}) {
            assertThat(PolicyConfiguration.fromProperties(props("sessionguard.baseline.lockTimeout", spelling[0]), "t")
                    .baselineLockTimeout()).isEqualTo(java.time.Duration.parse(spelling[1]));
        }
        assertThat(p.fixHint()).isEqualTo("use Db.getSession() in try-with-resources");
        assertThat(p.skipUnreadable()).isTrue();
        assertThat(p.closerFailures()).isTrue();
        assertThat(SessionPolicy.defaults().closerFailures()).as("the wider call model is opt-in").isFalse();
        assertThat(p.wiringAnnotations()).containsExactly("com.acme.Wiring", "com.acme.Factory");
        assertThat(PolicyConfiguration.fromProperties(props("sessionguard.skipUnreadable", "false"), "t").skipUnreadable())
                .isFalse();
        assertThat(PolicyConfiguration.fromProperties(props("sessionguard.wiringAnnotations", "none"), "t")
                .wiringAnnotations()).isEmpty();
    }

    @Test
    void an_unknown_key_is_an_error_naming_it() {
        assertThatThrownBy(() -> PolicyConfiguration.fromProperties(props("sessionguard.dbPackage", "..db.."), "test.properties"))
                .isInstanceOf(SessionGuardConfigurationException.class)
                .hasMessageStartingWith("session-guard: test.properties: sessionguard.dbPackage=..db..: unknown key (known: ");
    }

    @Test
    void malformed_values_are_errors_naming_key_and_value() {
        assertThatThrownBy(() -> PolicyConfiguration.fromProperties(props("sessionguard.sessionSources", "com.acme.Db.getSession"), "f"))
                .hasMessage("session-guard: f: sessionguard.sessionSources=com.acme.Db.getSession: there is no # between the type and the method; expected TYPE#METHOD,"
                        + " e.g. com.acme.db.Db#getSession");
        assertThatThrownBy(() -> PolicyConfiguration.fromProperties(props("sessionguard.presets", "hibernate,eclipselink"), "f"))
                .hasMessage("session-guard: f: sessionguard.presets=eclipselink: unknown preset (known: hibernate, jpa, jdbc, mybatis, spring, hibernate-reactive, r2dbc, vertx-sql)");
        assertThatThrownBy(() -> PolicyConfiguration.fromProperties(props("sessionguard.rawFactories", "com.acme.Raw Sessions"), "f"))
                .hasMessageStartingWith("session-guard: f: sessionguard.rawFactories=com.acme.Raw Sessions: not a fully qualified type name");
        assertThatThrownBy(() -> PolicyConfiguration.fromProperties(props("sessionguard.dbPackages", "com..acme...db"), "f"))
                .hasMessageStartingWith("session-guard: f: sessionguard.dbPackages=com..acme...db: not an ArchUnit package identifier");
        assertThatThrownBy(() -> PolicyConfiguration.fromProperties(props("sessionguard.dbPackages", " , "), "f"))
                .hasMessageStartingWith("session-guard: f: sessionguard.dbPackages=: at least one package is needed");
        assertThatThrownBy(() -> PolicyConfiguration.fromProperties(props("sessionguard.baseline.mode", "update"), "f"))
                .hasMessage("session-guard: f: sessionguard.baseline.mode=update: unknown mode (known: auto, verify, freeze)");
        assertThatThrownBy(() -> PolicyConfiguration.fromProperties(props("sessionguard.baseline.lockTimeout", "2 minutes"), "f"))
                .hasMessage("session-guard: f: sessionguard.baseline.lockTimeout=2 minutes: expected a duration such as 90s, 2m or 500ms");
        assertThatThrownBy(() -> PolicyConfiguration.fromProperties(props("sessionguard.baseline.lockTimeout", "-PT1M"), "f"))
                .hasMessage("session-guard: f: sessionguard.baseline.lockTimeout=-PT1M: a duration of zero or more is needed");
        assertThatThrownBy(() -> PolicyConfiguration.fromProperties(props("sessionguard.skipUnreadable", "yes"), "f"))
                .hasMessage("session-guard: f: sessionguard.skipUnreadable=yes: expected true or false");
        assertThatThrownBy(() -> PolicyConfiguration.fromProperties(props("sessionguard.closerFailures", "on"), "f"))
                .hasMessage("session-guard: f: sessionguard.closerFailures=on: expected true or false");
        assertThatThrownBy(() -> PolicyConfiguration.fromProperties(props("sessionguard.wiringAnnotations", " , "), "f"))
                .hasMessageStartingWith("session-guard: f: sessionguard.wiringAnnotations=");
        assertThatThrownBy(() -> PolicyConfiguration.fromProperties(props("sessionguard.presets", ""), "f"))
                .hasMessageStartingWith("session-guard: sessionguard.presets=: no presets and no raw factories");
    }

    @Test
    void system_properties_override_the_classpath_file() {
        assertThat(SessionPolicy.fromConfiguration().dbPackages()).containsExactly("..db..");
        assertThat(SessionPolicy.fromConfiguration().allowedClasses())
                .containsExactly("dev.sessionguard.fixtures.sg001.hibernate.config.PersistenceConfig");

        System.setProperty("sessionguard.dbPackages", "..persistence..");
        assertThat(SessionPolicy.fromConfiguration().dbPackages()).containsExactly("..persistence..");
    }

    @Test
    void an_unknown_system_property_is_an_error_naming_it() {
        System.setProperty("sessionguard.dbpackages", "..db..");
        assertThatThrownBy(SessionPolicy::fromConfiguration)
                .hasMessageStartingWith("session-guard: -Dsessionguard.dbpackages: sessionguard.dbpackages=..db..: unknown key");
    }

    @Test
    void a_properties_file_is_read_and_named_in_errors(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = dir.resolve("sg.properties");
        Files.writeString(file, "sessionguard.presets=jdbc\nsessionguard.closers=com.acme.Db#\n");
        assertThatThrownBy(() -> PolicyConfiguration.fromFile(file))
                .hasMessage("session-guard: " + file + ": sessionguard.closers=com.acme.Db#: no method after #; expected TYPE#METHOD, e.g. com.acme.db.Db#getSession");
        assertThatThrownBy(() -> PolicyConfiguration.fromFile(dir.resolve("missing.properties")))
                .hasMessageStartingWith("session-guard: " + dir.resolve("missing.properties") + ": cannot be read");
    }

    @Test
    void the_fluent_api_returns_independent_policies() {
        SessionPolicy base = SessionPolicy.builder().presets(Preset.JPA).build();
        SessionPolicy more = base.toBuilder().rawFactories("com.acme.Raw").build();
        assertThat(base.rawFactories()).doesNotContain("com.acme.Raw");
        assertThat(more.rawFactories()).contains("com.acme.Raw", "jakarta.persistence.EntityManagerFactory");
    }
}
