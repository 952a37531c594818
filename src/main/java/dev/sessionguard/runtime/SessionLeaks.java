package dev.sessionguard.runtime;

import com.tngtech.archunit.PublicAPI;
import java.util.Objects;
import javax.sql.DataSource;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/** Wires a factory into {@link SessionLeakCheck} with one call. */
@PublicAPI(usage = ACCESS)
public final class SessionLeaks {
    private SessionLeaks() {
    }

    /**
     * Returns the factory watched: a proxy implementing every public interface the factory does, so it is of the
     * interface type it was given ({@code javax.sql.DataSource}, {@code org.hibernate.SessionFactory},
     * {@code jakarta.persistence.EntityManagerFactory}, {@code org.apache.ibatis.session.SqlSessionFactory}). Every
     * session, entity manager or connection it opens while a {@link SessionLeakCheck} test runs is watched; outside
     * one the proxy only delegates. Assign it to the interface, never to the implementation class: a proxy is not a
     * {@code SessionFactoryImpl}.
     *
     * <pre>{@code
     * SessionFactory sessionFactory = SessionLeaks.watch(configuration.buildSessionFactory());
     * }</pre>
     *
     * @throws IllegalArgumentException if the object is none of those factories
     */
    public static <T> T watch(T factory) {
        Objects.requireNonNull(factory, "factory");
        return WatchedFactory.wrap(factory);
    }

    /**
     * Returns the data source watched: every connection it hands out while a {@link SessionLeakCheck} test runs is
     * watched. Typed, so that {@code watch(new HikariDataSource(config))} is a {@code DataSource}.
     */
    public static DataSource watch(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return WatchedFactory.wrap(dataSource);
    }
}
