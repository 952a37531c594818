package dev.sessionguard.rewrite;

import org.junit.jupiter.api.Test;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

import static dev.sessionguard.rewrite.RecipeSources.db;
import static dev.sessionguard.rewrite.RecipeSources.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openrewrite.java.Assertions.java;

class UseManagedSessionSourceTest implements RewriteTest {
    @Override
    public void defaults(RecipeSpec spec) {
        spec.recipe(new UseManagedSessionSource()).parser(RecipeSources.parser());
    }

    @Test
    void aRawFactorysOpenSessionOutsideTheDbPackagesBecomesTheManagedAccessor() {
        rewriteRun(policy(""), db(), java("""
                package com.acme.routes;

                import com.acme.db.Db;
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Routes {
                    private final SessionFactory factory = Db.rawFactory();

                    long count() {
                        try (Session db = Db.rawFactory().openSession()) {
                            return db.createSelectionQuery("select count(n) from Notification n", Long.class).getSingleResult();
                        }
                    }

                    void clear() {
                        try (Session db = factory.openSession()) {
                            db.clear();
                        }
                    }
                }
                """, """
                package com.acme.routes;

                import com.acme.db.Db;
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Routes {
                    private final SessionFactory factory = Db.rawFactory();

                    long count() {
                        try (Session db = Db.getSession()) {
                            return db.createSelectionQuery("select count(n) from Notification n", Long.class).getSingleResult();
                        }
                    }

                    void clear() {
                        try (Session db = Db.getSession()) {
                            db.clear();
                        }
                    }
                }
                """));
    }

    @Test
    void theAccessorsImportIsAdded() {
        rewriteRun(policy(""), db(), java("""
                package com.acme.tasks;

                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Task {
                    void run(SessionFactory factory) {
                        try (Session s = factory.openSession()) {
                            s.clear();
                        }
                    }
                }
                """, """
                package com.acme.tasks;

                import com.acme.db.Db;
                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Task {
                    void run(SessionFactory factory) {
                        try (Session s = Db.getSession()) {
                            s.clear();
                        }
                    }
                }
                """));
    }

    @Test
    void theDbPackagesAStatelessSessionAndAFactoryCallWithArgumentsAreLeftAsTheyAre() {
        rewriteRun(spec -> spec.dataTable(SessionsLeftAlone.Row.class, rows -> assertThat(rows)
                        .extracting(SessionsLeftAlone.Row::method, SessionsLeftAlone.Row::reason)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("Other#named",
                                "the factory expression Db.rawFactory(\"reports\") may have side effects"))),
                policy(""), db(), java("""
                        package com.acme.db.dao;

                        import com.acme.db.Db;
                        import org.hibernate.Session;

                        class Dao {
                            Session open() {
                                return Db.rawFactory().openSession();
                            }
                        }
                        """), java("""
                        package com.acme.routes;

                        import com.acme.db.Db;
                        import org.hibernate.Session;
                        import org.hibernate.StatelessSession;

                        class Other {
                            long stateless() {
                                try (StatelessSession s = Db.rawFactory().openStatelessSession()) {
                                    return 1L;
                                }
                            }

                            void named() {
                                try (Session s = Db.rawFactory("reports").openSession()) {
                                    s.clear();
                                }
                            }
                        }
                        """));
    }

    @Test
    void aSessionThatIsNotClosedOnEveryPathKeepsItsDoorSoItsFrozenEntryStillMatches() {
        rewriteRun(policy(""), db(), java("""
                package com.acme.routes;

                import com.acme.db.Db;
                import org.hibernate.Session;

                class Leaky {
                    long count() {
                        Session db = Db.rawFactory().openSession();
                        return db.createSelectionQuery("select count(n) from Notification n", Long.class).getSingleResult();
                    }

                    Session open() {
                        return Db.rawFactory().openSession();
                    }
                }
                """, """
                package com.acme.routes;

                import com.acme.db.Db;
                import org.hibernate.Session;

                class Leaky {
                    long count() {
                        Session db = Db.rawFactory().openSession();
                        return db.createSelectionQuery("select count(n) from Notification n", Long.class).getSingleResult();
                    }

                    Session open() {
                        return Db.getSession();
                    }
                }
                """));
    }

    @Test
    void withoutAConfiguredAccessorNothingChanges() {
        rewriteRun(java("""
                package com.acme.routes;

                import org.hibernate.Session;
                import org.hibernate.SessionFactory;

                class Plain {
                    void run(SessionFactory factory) {
                        try (Session s = factory.openSession()) {
                            s.clear();
                        }
                    }
                }
                """));
    }
}
