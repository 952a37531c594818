package dev.sessionguard.policy;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The presets as the one vocabulary the other layers read: the run-time check's openers come from here. */
class PresetTest {
    @Test
    void the_sources_by_owner_are_every_presets_sources() {
        Map<String, Set<String>> owners = Preset.sourcesByOwner();
        assertThat(owners.get("org.hibernate.SessionFactory")).containsExactly("openSession", "openStatelessSession");
        assertThat(owners.get("javax.sql.DataSource")).containsExactly("getConnection");
        assertThat(owners.get("org.springframework.jdbc.datasource.DataSourceUtils"))
                .containsExactly("getConnection", "doGetConnection");
        assertThat(owners.get("org.mybatis.spring.SqlSessionUtils")).containsExactly("getSqlSession");
        long sources = owners.values().stream().mapToLong(Set::size).sum();
        long expected = 0;
        for (Preset p : Preset.values()) {
            expected += p.isReactive() ? 0 : p.sessionSources().size();
        }
        assertThat(sources).as("every source of every preset that hands out a session, once").isEqualTo(expected);
        assertThat(owners).as("a reactive opener hands out a pipeline, which the run-time check does not watch")
                .doesNotContainKeys("io.r2dbc.spi.ConnectionFactory", "io.vertx.sqlclient.Pool",
                        "org.hibernate.reactive.mutiny.Mutiny$SessionFactory");
    }
}
