package dev.sessionguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessionguard.fixtures.runtime.WatchedHibernateCases;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

class SessionLeaksTest {

    @Test
    void watching_something_that_opens_no_sessions_is_refused_naming_its_type() {
        assertThatThrownBy(() -> SessionLeaks.watch(new StringBuilder("not a factory")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("java.lang.StringBuilder is not a DataSource, SessionFactory, EntityManagerFactory or"
                        + " SqlSessionFactory: nothing to watch");
        assertThatThrownBy(() -> SessionLeaks.watch((Object) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("factory");
    }

    @Test
    void a_watched_factory_is_of_the_interface_type_it_was_given_and_watching_it_again_changes_nothing() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:watch-twice");
        config.setUsername("sa");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            DataSource watched = SessionLeaks.watch(pool);
            assertThat(SessionLeaks.watch(watched)).isSameAs(watched);
            assertThat(watched).isNotSameAs(pool).isInstanceOf(java.io.Closeable.class);
            assertThat(watched.unwrap(HikariDataSource.class)).isSameAs(pool);
            try (Connection outsideAnyCheckedTest = watched.getConnection()) {
                assertThat(outsideAnyCheckedTest.isValid(1)).isTrue();
            }
        }
    }

    @Test
    void a_session_from_a_watched_hibernate_builder_is_watched_and_counted_once() throws Exception {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(WatchedHibernateCases.class, "leaksThroughASessionBuilder"),
                        selectMethod(WatchedHibernateCases.class, "closesThroughASessionBuilder"))
                .execute();

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        String message = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage();
        assertThat(message).startsWith("SG002 runtime: org.hibernate.Session opened at "
                + WatchedHibernateCases.class.getName() + "#leaksThroughASessionBuilder(WatchedHibernateCases.java:"
                + SessionLeakCheckTest.line(WatchedHibernateCases.class, "// opens") + ") during "
                + WatchedHibernateCases.class.getName() + "#leaksThroughASessionBuilder() was never closed");
        assertThat(message.lines().filter(l -> l.startsWith("SG002"))).hasSize(1);
    }
}
