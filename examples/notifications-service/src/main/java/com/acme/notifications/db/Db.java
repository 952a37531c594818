package com.acme.notifications.db;

import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * The one door to the database. {@link #getSession()} is meant for try-with-resources, {@link #inTransaction} for
 * everything else. The raw {@link SessionFactory} belongs to this package.
 */
public final class Db {
    private static volatile SessionFactory factory;

    private Db() {
    }

    /** Builds the factory over an in-memory H2 database with a small HikariCP pool. */
    public static synchronized void start(String name, int poolSize) {
        if (factory != null) {
            factory.close();
        }
        factory = new Configuration()
                .addAnnotatedClass(Notification.class)
                .setProperty("hibernate.connection.url", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1")
                .setProperty("hibernate.connection.username", "sa")
                .setProperty("hibernate.connection.password", "")
                .setProperty("hibernate.connection.provider_class", "org.hibernate.hikaricp.internal.HikariCPConnectionProvider")
                .setProperty("hibernate.hikari.maximumPoolSize", String.valueOf(poolSize))
                .setProperty("hibernate.hikari.minimumIdle", "1")
                .setProperty("hibernate.hikari.connectionTimeout", "250")
                .setProperty("hibernate.hbm2ddl.auto", "create")
                .buildSessionFactory();
    }

    public static synchronized void stop() {
        if (factory != null) {
            factory.close();
            factory = null;
        }
    }

    /** A new session; the caller closes it, in try-with-resources. */
    public static Session getSession() {
        return factory().openSession();
    }

    /** Runs the work in a transaction on a session that is always closed. */
    public static <T> T inTransaction(Function<Session, T> work) {
        return factory().fromTransaction(work);
    }

    /** The raw factory. Legacy code reaches for it; new code must not (SG001). */
    public static SessionFactory rawFactory() {
        return factory();
    }

    private static SessionFactory factory() {
        SessionFactory f = factory;
        if (f == null) {
            throw new IllegalStateException("Db.start() was not called");
        }
        return f;
    }
}
