package dev.sessionguard.runtime;

import com.tngtech.archunit.PublicAPI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/** Wires a factory into {@link SessionLeakCheck} with one call. */
@PublicAPI(usage = ACCESS)
public final class SessionLeaks {
    private SessionLeaks() {
    }

    /**
     * Returns the factory watched: a proxy implementing every public interface the factory does, so it is of the
     * interface type it was given ({@code javax.sql.DataSource}, {@code javax.sql.XADataSource} or
     * {@code ConnectionPoolDataSource}, whose pooled connections are watched too, {@code org.hibernate.SessionFactory},
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

    /**
     * Returns the executor watched: a task runs as the test that submitted it, so a pool shared by several tests
     * blames the test whose task opened a session, not the test that happened to create the pool's thread.
     * <pre>{@code
     * static final ExecutorService POOL = SessionLeaks.watch(Executors.newFixedThreadPool(4));
     * }</pre>
     */
    public static ExecutorService watch(ExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        return executor instanceof AttributingExecutor ? executor : new AttributingExecutor(executor);
    }
}
