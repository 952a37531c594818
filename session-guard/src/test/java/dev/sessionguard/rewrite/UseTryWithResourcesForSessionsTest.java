package dev.sessionguard.rewrite;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

import static dev.sessionguard.rewrite.RecipeSources.db;
import static dev.sessionguard.rewrite.RecipeSources.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openrewrite.java.Assertions.java;

class UseTryWithResourcesForSessionsTest implements RewriteTest {
    @Override
    public void defaults(RecipeSpec spec) {
        spec.recipe(new UseTryWithResourcesForSessions()).parser(RecipeSources.parser());
    }

    private static void leftAlone(RecipeSpec spec, String session, String reason) {
        spec.dataTable(SessionsLeftAlone.Row.class, rows -> assertThat(rows)
                .extracting(SessionsLeftAlone.Row::session, SessionsLeftAlone.Row::reason)
                .contains(org.assertj.core.groups.Tuple.tuple(session, reason)));
    }

    @Test
    void straightLineCloseBecomesTheResourceAndTheBlockReachesTheLocalsUsedAfterIt() {
        rewriteRun(java("""
                package com.acme.routes;

                import java.util.List;
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Routes {
                    List<String> names(SessionFactory factory) {
                        Session db = factory.openSession();
                        // every name
                        List<String> all = db.createSelectionQuery("select n.name from Notification n", String.class)
                                .getResultList();
                        db.close();
                        return all;
                    }
                }
                """, """
                package com.acme.routes;

                import java.util.List;
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Routes {
                    List<String> names(SessionFactory factory) {
                        try (Session db = factory.openSession()) {
                            // every name
                            List<String> all = db.createSelectionQuery("select n.name from Notification n", String.class)
                                    .getResultList();
                            return all;
                        }
                    }
                }
                """));
    }

    @Test
    void anEarlyReturnBeforeTheCloseIsCoveredByTheBlock() {
        rewriteRun(java("""
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Digest {
                    String digest(SessionFactory factory, String user) {
                        Session session = factory.openSession();
                        long count = session.createSelectionQuery("select count(n) from Notification n", Long.class).getSingleResult();
                        if (count == 0) {
                            return "nothing new";
                        }
                        session.close();
                        return count + " new";
                    }
                }
                """, """
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Digest {
                    String digest(SessionFactory factory, String user) {
                        try (Session session = factory.openSession()) {
                            long count = session.createSelectionQuery("select count(n) from Notification n", Long.class).getSingleResult();
                            if (count == 0) {
                                return "nothing new";
                            }
                            return count + " new";
                        }
                    }
                }
                """));
    }

    @Test
    void aSessionNeverClosedIsClosedAfterItsLastUse() {
        rewriteRun(java("""
                import java.sql.Connection;
                import java.sql.SQLException;
                import javax.sql.DataSource;

                class Counter {
                    int count(DataSource source) throws SQLException {
                        Connection c = source.getConnection();
                        c.setAutoCommit(false);
                        int n = c.createStatement().executeUpdate("delete from event");
                        c.commit();
                        log(n);
                        return n;
                    }

                    void log(int n) {
                    }
                }
                """, """
                import java.sql.Connection;
                import java.sql.SQLException;
                import javax.sql.DataSource;

                class Counter {
                    int count(DataSource source) throws SQLException {
                        try (Connection c = source.getConnection()) {
                            c.setAutoCommit(false);
                            int n = c.createStatement().executeUpdate("delete from event");
                            c.commit();
                            log(n);
                            return n;
                        }
                    }

                    void log(int n) {
                    }
                }
                """));
    }

    @Test
    void aFinallyThatOnlyClosesBecomesTheResource() {
        rewriteRun(java("""
                import org.apache.ibatis.session.SqlSession;
                import org.apache.ibatis.session.SqlSessionFactory;

                class Mapper {
                    Object one(SqlSessionFactory factory) {
                        SqlSession session = factory.openSession();
                        try {
                            return session.selectOne("one");
                        } finally {
                            if (session != null) {
                                session.close();
                            }
                        }
                    }
                }
                """, """
                import org.apache.ibatis.session.SqlSession;
                import org.apache.ibatis.session.SqlSessionFactory;

                class Mapper {
                    Object one(SqlSessionFactory factory) {
                        try (SqlSession session = factory.openSession()) {
                            return session.selectOne("one");
                        }
                    }
                }
                """));
    }

    @Test
    void catchAndFinallyWorkStayInsideTheResourceBlockSoTheyStillSeeAnOpenSession() {
        rewriteRun(java("""
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Writer {
                    void write(SessionFactory factory, Object entity) {
                        Session s = factory.openSession();
                        try {
                            s.beginTransaction();
                            s.persist(entity);
                            s.getTransaction().commit();
                        } catch (RuntimeException e) {
                            s.getTransaction().rollback();
                            throw e;
                        } finally {
                            s.clear();
                            s.close();
                        }
                    }
                }
                """, """
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Writer {
                    void write(SessionFactory factory, Object entity) {
                        try (Session s = factory.openSession()) {
                            try {
                                s.beginTransaction();
                                s.persist(entity);
                                s.getTransaction().commit();
                            } catch (RuntimeException e) {
                                s.getTransaction().rollback();
                                throw e;
                            } finally {
                                s.clear();
                            }
                        }
                    }
                }
                """));
    }

    @Test
    void statementsBetweenTheOpenAndTheTryThatClosesItMoveIntoTheResourceBlock() {
        rewriteRun(java("""
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Hook {
                    void write(SessionFactory factory, Object entity) {
                        Session s = factory.openSession();
                        s.beginTransaction();
                        try {
                            s.persist(entity);
                            s.getTransaction().commit();
                        } finally {
                            s.close();
                        }
                    }
                }
                """, """
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Hook {
                    void write(SessionFactory factory, Object entity) {
                        try (Session s = factory.openSession()) {
                            s.beginTransaction();
                            s.persist(entity);
                            s.getTransaction().commit();
                        }
                    }
                }
                """));
    }

    @Test
    void forAJavaxEntityManagerTheStatementsBeforeTheTryMoveIntoIt() {
        rewriteRun(java("""
                import javax.persistence.EntityManager;
                import javax.persistence.EntityManagerFactory;

                class LegacyWriter {
                    void write(EntityManagerFactory emf, Object entity) {
                        EntityManager em = emf.createEntityManager();
                        em.getTransaction().begin();
                        try {
                            em.persist(entity);
                            em.getTransaction().commit();
                        } finally {
                            em.close();
                        }
                    }
                }
                """, """
                import javax.persistence.EntityManager;
                import javax.persistence.EntityManagerFactory;

                class LegacyWriter {
                    void write(EntityManagerFactory emf, Object entity) {
                        EntityManager em = emf.createEntityManager();
                        try {
                            em.getTransaction().begin();
                            em.persist(entity);
                            em.getTransaction().commit();
                        } finally {
                            em.close();
                        }
                    }
                }
                """));
    }

    @Test
    void severalSessionsInOneMethodAndAConfiguredCloserAndAConfiguredSource() {
        rewriteRun(policy(""), db(), java("""
                package com.acme.tasks;

                import com.acme.db.Db;
                import org.hibernate.Session;

                class Copy {
                    void copy(Object entity) {
                        Session from = Db.getSession();
                        Object loaded = from.merge(entity);
                        Session to = Db.getSession();
                        to.persist(loaded);
                        Db.release(to);
                        Db.release(from);
                        Session audit = Db.getSession();
                        audit.persist(entity);
                    }
                }
                """, """
                package com.acme.tasks;

                import com.acme.db.Db;
                import org.hibernate.Session;

                class Copy {
                    void copy(Object entity) {
                        try (Session from = Db.getSession()) {
                            Object loaded = from.merge(entity);
                            try (Session to = Db.getSession()) {
                                to.persist(loaded);
                            }
                        }
                        try (Session audit = Db.getSession()) {
                            audit.persist(entity);
                        }
                    }
                }
                """));
    }

    @Test
    void aJavaxEntityManagerIsNotAutoCloseableSoItGetsTryFinally() {
        rewriteRun(java("""
                import javax.persistence.EntityManager;
                import javax.persistence.EntityManagerFactory;

                class Legacy {
                    Object find(EntityManagerFactory emf, long id) {
                        EntityManager em = emf.createEntityManager();
                        Object found = em.find(Object.class, id);
                        em.close();
                        return found;
                    }
                }
                """, """
                import javax.persistence.EntityManager;
                import javax.persistence.EntityManagerFactory;

                class Legacy {
                    Object find(EntityManagerFactory emf, long id) {
                        EntityManager em = emf.createEntityManager();
                        try {
                            Object found = em.find(Object.class, id);
                            return found;
                        } finally {
                            em.close();
                        }
                    }
                }
                """));
    }

    @Test
    void aJakartaEntityManagerIsAResourceAndTheCloseCommentIsKept() {
        rewriteRun(java("""
                import jakarta.persistence.EntityManager;
                import jakarta.persistence.EntityManagerFactory;

                class Modern {
                    void touch(EntityManagerFactory emf) {
                        EntityManager em = emf.createEntityManager();
                        em.clear(); /* nothing else */
                        // done with it
                        em.close();
                    }
                }
                """, """
                import jakarta.persistence.EntityManager;
                import jakarta.persistence.EntityManagerFactory;

                class Modern {
                    void touch(EntityManagerFactory emf) {
                        try (EntityManager em = emf.createEntityManager()) {
                            em.clear(); /* nothing else */
                            // done with it
                        }
                    }
                }
                """));
    }

    @Test
    void tabsStayTabs() {
        rewriteRun(java("""
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Tabs {
                \tvoid clear(SessionFactory factory) {
                \t\tSession s = factory.openSession();
                \t\ts.clear();
                \t}
                }
                """, """
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Tabs {
                \tvoid clear(SessionFactory factory) {
                \t\ttry (Session s = factory.openSession()) {
                \t\t\ts.clear();
                \t\t}
                \t}
                }
                """));
    }

    @Test
    void aSessionAlreadyInTryWithResourcesIsLeftAsItIs() {
        rewriteRun(spec -> spec.afterRecipe(run -> assertThat(run.getDataTableRows(SessionsLeftAlone.class)).isEmpty()), java("""
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Done {
                    /** Not {@link SessionFactory#openSession()}: a javadoc reference is no call. */
                    long count(SessionFactory factory) {
                        try (Session s = factory.openSession()) {
                            return s.createSelectionQuery("select count(n) from Notification n", Long.class).getSingleResult();
                        }
                    }

                    Session open(SessionFactory factory) {
                        return factory.openSession();
                    }

                    Session open(SessionFactory factory, boolean plain) {
                        return plain ? factory.openSession() : (factory.withOptions().openSession());
                    }

                    // handed on where they are opened: a supplier, a thread-local, a holder
                    java.util.function.Supplier<Session> supplier(SessionFactory factory) {
                        return () -> factory.openSession();
                    }

                    final ThreadLocal<Session> current = new ThreadLocal<>();

                    void bind(SessionFactory factory) {
                        current.set(factory.openSession());
                        Object holder = new java.util.concurrent.atomic.AtomicReference<>(factory.openSession());
                    }
                }
                """));
    }

    @Test
    void aReturnedSessionIsLeftAlone() {
        rewriteRun(spec -> leftAlone(spec, "s", "returned: the caller owns it"), java("""
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Opener {
                    Session open(SessionFactory factory) {
                        Session s = factory.openSession();
                        s.setDefaultReadOnly(true);
                        return s;
                    }
                }
                """));
    }

    @Test
    void aSessionGivenToAnyCollectionIsKeptAsTheBytecodeRulesSay() {
        // CallFacts.keepsArguments: the same answer as Keepers.vectorReturned, whatever the collection's class
        rewriteRun(spec -> leftAlone(spec, "c", "handed to addElement(), which keeps or returns it"), java("""
                import java.sql.Connection;
                import java.sql.SQLException;
                import java.util.Vector;
                import javax.sql.DataSource;

                class Pool {
                    Vector<Connection> fill(DataSource source) throws SQLException {
                        Vector<Connection> all = new Vector<>();
                        Connection c = source.getConnection();
                        all.addElement(c);
                        return all;
                    }
                }
                """));
    }

    @Test
    void aCollectionThatOnlyLooksAtTheSessionDoesNotKeepIt() {
        rewriteRun(java("""
                import java.sql.Connection;
                import java.sql.SQLException;
                import java.util.Set;
                import javax.sql.DataSource;

                class Pool {
                    boolean known(DataSource source, Set<Connection> open) throws SQLException {
                        Connection c = source.getConnection();
                        return open.contains(c);
                    }
                }
                """, """
                import java.sql.Connection;
                import java.sql.SQLException;
                import java.util.Set;
                import javax.sql.DataSource;

                class Pool {
                    boolean known(DataSource source, Set<Connection> open) throws SQLException {
                        try (Connection c = source.getConnection()) {
                            return open.contains(c);
                        }
                    }
                }
                """));
    }

    @Test
    void aSessionStoredInAFieldIsLeftAlone() {
        rewriteRun(spec -> leftAlone(spec, "s", "stored in this.current"), java("""
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Holder {
                    Session current;

                    void open(SessionFactory factory) {
                        Session s = factory.openSession();
                        this.current = s;
                    }
                }
                """));
    }

    @Test
    void aSessionHandedToAConstructorIsLeftAlone() {
        rewriteRun(spec -> leftAlone(spec, "s", "handed to a constructor (new Unit), whose object owns it"), java("""
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Unit {
                    final Session s;

                    Unit(Session s) {
                        this.s = s;
                    }

                    static Unit start(SessionFactory factory) {
                        Session s = factory.openSession();
                        s.beginTransaction();
                        Unit unit = new Unit(s);
                        unit.s.flush();
                        return unit;
                    }
                }
                """));
    }

    @Test
    void aSessionCapturedByALambdaOrKeptInACollectionIsLeftAlone() {
        rewriteRun(spec -> spec.dataTable(SessionsLeftAlone.Row.class, rows -> assertThat(rows)
                        .extracting(SessionsLeftAlone.Row::method, SessionsLeftAlone.Row::reason)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple("Later#later", "captured by a lambda, which may run after the block"),
                                org.assertj.core.groups.Tuple.tuple("Later#pool", "handed to add(), which keeps or returns it"))),
                java("""
                        import java.util.List;
                        import java.util.function.Supplier;
                        import org.hibernate.Session;
                        import org.hibernate.SessionFactory;

                        class Later {
                            Supplier<Object> later(SessionFactory factory) {
                                Session s = factory.openSession();
                                return () -> s.find(Object.class, 1L);
                            }

                            void pool(SessionFactory factory, List<Session> pool) {
                                Session s = factory.openSession();
                                pool.add(s);
                            }
                        }
                        """));
    }

    @Test
    void aSessionClosedOnOnePathOnlyOrUsedAfterItsCloseIsLeftAlone() {
        rewriteRun(spec -> spec.dataTable(SessionsLeftAlone.Row.class, rows -> assertThat(rows)
                        .extracting(SessionsLeftAlone.Row::method, SessionsLeftAlone.Row::reason)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple("Branches#branch", "closed on some paths only: the fix would close it twice"),
                                org.assertj.core.groups.Tuple.tuple("Branches#afterClose", "closed on some paths only: the fix would close it twice"))),
                java("""
                        import org.hibernate.Session;
                        import org.hibernate.SessionFactory;

                        class Branches {
                            void branch(SessionFactory factory, boolean quick) {
                                Session s = factory.openSession();
                                if (quick) {
                                    s.close();
                                    return;
                                }
                                s.flush();
                            }

                            boolean afterClose(SessionFactory factory) {
                                Session s = factory.openSession();
                                s.close();
                                return s.isOpen();
                            }
                        }
                        """));
    }

    @Test
    void aSessionAssignedInALoopOrUsedWithoutAVariableIsLeftAlone() {
        rewriteRun(spec -> spec.dataTable(SessionsLeftAlone.Row.class, rows -> assertThat(rows)
                        .extracting(SessionsLeftAlone.Row::method, SessionsLeftAlone.Row::reason)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple("Loop#importAll", "assigned to session, declared elsewhere"),
                                org.assertj.core.groups.Tuple.tuple("Loop#inline", "used without a variable to close"))),
                java("""
                        import java.util.List;
                        import org.hibernate.Session;
                        import org.hibernate.SessionFactory;

                        class Loop {
                            void importAll(SessionFactory factory, List<String> users) {
                                Session session = null;
                                for (String user : users) {
                                    session = factory.openSession();
                                    session.clear();
                                }
                                if (session != null) {
                                    session.close();
                                }
                            }

                            long inline(SessionFactory factory) {
                                return factory.openSession().createSelectionQuery("select count(n) from N n", Long.class).getSingleResult();
                            }
                        }
                        """));
    }

    @Test
    void aSecondRunChangesNothing() {
        rewriteRun(java("""
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Again {
                    void clear(SessionFactory factory) {
                        try (Session s = factory.openSession()) {
                            s.clear();
                        }
                        Session t = factory.openSession();
                        try {
                            t.clear();
                        } finally {
                            t.close();
                        }
                    }
                }
                """, """
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Again {
                    void clear(SessionFactory factory) {
                        try (Session s = factory.openSession()) {
                            s.clear();
                        }
                        try (Session t = factory.openSession()) {
                            t.clear();
                        }
                    }
                }
                """), java(List.of("x").isEmpty() ? "" : """
                import javax.persistence.EntityManager;
                import javax.persistence.EntityManagerFactory;

                class AlreadyGuarded {
                    void clear(EntityManagerFactory emf) {
                        EntityManager em = emf.createEntityManager();
                        try {
                            em.clear();
                        } finally {
                            em.close();
                        }
                    }
                }
                """));
    }

    /** The recipe cannot give a field's session a block: each one is a warning and a row, never a silent skip. */
    @Test
    void aSessionKeptInAFieldIsLeftAloneWithARow() {
        rewriteRun(spec -> spec.dataTable(SessionsLeftAlone.Row.class, rows -> assertThat(rows)
                        .extracting(SessionsLeftAlone.Row::method, SessionsLeftAlone.Row::session, SessionsLeftAlone.Row::reason)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple("Keeper#bind", "factory.openSession()",
                                        "kept in field field: open a session per unit of work instead (SG004)"),
                                org.assertj.core.groups.Tuple.tuple("Keeper#rebind", "factory.openSession()",
                                        "kept in field this.field: open a session per unit of work instead (SG004)"),
                                org.assertj.core.groups.Tuple.tuple("Keeper#<init>", "FACTORY.openSession()",
                                        "kept in field initial: open a session per unit of work instead (SG004)"))),
                java("""
                        import org.hibernate.Session;
                        import org.hibernate.SessionFactory;

                        class Keeper {
                            static SessionFactory FACTORY;
                            Session field;
                            Session initial = FACTORY.openSession();

                            void bind(SessionFactory factory) {
                                field = factory.openSession();
                            }

                            void rebind(SessionFactory factory) {
                                this.field = factory.openSession();
                            }
                        }
                        """));
    }
}
