package dev.sessionguard.bench.runtime;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sessionguard.runtime.SessionLeakCheck;
import dev.sessionguard.runtime.SessionLeaks;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * 10,000 open/close pairs on H2 in a JUnit test with {@link SessionLeakCheck} and in the same test without it, through
 * JUnit's launcher; prints the time of each test body in milliseconds. A pair is a session (Hibernate, auto-watched)
 * or a connection (HikariCP, watched) that runs a transaction writing a row and reading a count; with {@code -bare}
 * it runs one {@code select 1} and nothing else, the worst case for the check's fixed cost per session. With
 * {@code -tcp} the database is H2 in server mode, reached over TCP on the loopback interface (the server is started
 * here on 127.0.0.1 only and stopped at the end): a database on the other end of a connection, as tests have it.
 * Usage: {@code RuntimeOverhead hibernate|jdbc|hibernate-bare|jdbc-bare|hibernate-tcp|jdbc-tcp ROUNDS}.
 */
public final class RuntimeOverhead {
    static final int PAIRS = 10_000;
    /** Rounds not counted: H2, Hibernate and the JIT take several to settle. */
    static final int WARM_UP = 6;
    static String kind;
    /** Without session-guard's listener: a no-op one in its place, so Hibernate's own work is the same. */
    static SessionFactory plainFactory;
    static SessionFactory factory;
    static boolean checked;
    static DataSource watched;
    static HikariDataSource pool;
    static long elapsed;

    static String url = "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1";

    public static void main(String[] args) throws Exception {
        kind = args[0];
        int rounds = Integer.parseInt(args[1]);
        org.h2.tools.Server server = null;
        if (kind.endsWith("-tcp")) {
            System.setProperty("h2.bindAddress", "127.0.0.1"); // the server listens on loopback only
            int port;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            server = org.h2.tools.Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
            url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:bench;DB_CLOSE_DELAY=-1";
        }
        try {
            measure(rounds);
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    private static void measure(int rounds) throws Exception {
        factory = hibernate().buildSessionFactory();
        plainFactory = hibernate().setProperty("hibernate.session.events.auto", "org.hibernate.BaseSessionEventListener")
                .buildSessionFactory();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("sa");
        pool = new HikariDataSource(config);
        watched = SessionLeaks.watch(pool);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table event(id int primary key)");
        }
        for (int r = -WARM_UP; r < rounds; r++) {
            boolean withFirst = (r & 1) == 0; // alternate, so neither side always runs on the warmer JIT
            long with = withFirst ? run(Watched.class) : 0;
            long without = run(Unwatched.class);
            with = withFirst ? with : run(Watched.class);
            if (r >= 0) {
                System.out.printf("%s without %.1f with %.1f%n", kind, without / 1e6, with / 1e6);
            }
        }
        pool.close();
        factory.close();
        plainFactory.close();
    }

    private static Configuration hibernate() {
        return new Configuration()
                .setProperty("hibernate.connection.url", url)
                .setProperty("hibernate.connection.username", "sa")
                .setProperty("hibernate.connection.password", "")
                .setProperty("hibernate.connection.pool_size", "4");
    }

    private static long run(Class<?> tests) {
        checked = tests == Watched.class;
        LauncherFactory.create().execute(request().selectors(selectClass(tests)).build(), new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    throw new IllegalStateException(test.getDisplayName() + ": " + result);
                }
            }
        });
        return elapsed;
    }

    /** One unit of work a test does: a transaction that writes a row and reads a count, or (bare) one select. */
    static void pairs() throws Exception {
        boolean bare = kind.endsWith("-bare");
        long start = System.nanoTime();
        if (kind.startsWith("hibernate")) {
            SessionFactory sessions = checked ? factory : plainFactory;
            for (int i = 0; i < PAIRS; i++) {
                try (Session session = sessions.openSession()) {
                    if (bare) {
                        session.createNativeQuery("select 1", Integer.class).getSingleResult();
                        continue;
                    }
                    session.beginTransaction();
                    session.createNativeMutationQuery("insert into event(id) values (?1)").setParameter(1, i).executeUpdate();
                    session.createNativeQuery("select count(*) from event where id = ?1", Long.class)
                            .setParameter(1, i).getSingleResult();
                    session.getTransaction().commit();
                }
            }
        } else {
            DataSource source = checked ? watched : pool;
            for (int i = 0; i < PAIRS; i++) {
                try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
                    if (bare) {
                        s.execute("select 1");
                        continue;
                    }
                    c.setAutoCommit(false);
                    s.executeUpdate("insert into event(id) values (" + i + ")");
                    s.executeQuery("select count(*) from event where id = " + i).close();
                    c.commit();
                    c.setAutoCommit(true);
                }
            }
        }
        elapsed = System.nanoTime() - start;
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("delete from event");
        }
    }

    /** The baseline: the same work, no check (the watched pool only delegates outside a checked test). */
    public static class Unwatched {
        @Test
        void pairs() throws Exception {
            RuntimeOverhead.pairs();
        }
    }

    @SessionLeakCheck
    public static class Watched {
        @Test
        void pairs() throws Exception {
            RuntimeOverhead.pairs();
        }
    }
}
