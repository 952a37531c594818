package dev.sessionguard.rewrite;

import org.junit.jupiter.api.Test;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

import static dev.sessionguard.rewrite.RecipeSources.db;
import static dev.sessionguard.rewrite.RecipeSources.policy;
import static org.openrewrite.java.Assertions.java;

class FixSessionsTest implements RewriteTest {
    @Override
    public void defaults(RecipeSpec spec) {
        spec.recipe(new FixSessions()).parser(RecipeSources.parser());
    }

    @Test
    void aLegacyRouteGetsTheManagedSourceInTryWithResources() {
        rewriteRun(policy(""), db(), java("""
                package com.acme.routes;

                import com.acme.db.Db;
                import org.hibernate.Session;

                /** The legacy routes. */
                public class JarvisApi {
                    /** Opens a session and a transaction, and never ends either. */
                    public void markRead(long id, Class<?> type) {
                        Session db = Db.rawFactory().openSession();
                        db.beginTransaction();
                        db.find(type, id); // loads it
                        db.getTransaction().commit();
                    }
                }
                """, """
                package com.acme.routes;

                import com.acme.db.Db;
                import org.hibernate.Session;

                /** The legacy routes. */
                public class JarvisApi {
                    /** Opens a session and a transaction, and never ends either. */
                    public void markRead(long id, Class<?> type) {
                        try (Session db = Db.getSession()) {
                            db.beginTransaction();
                            db.find(type, id); // loads it
                            db.getTransaction().commit();
                        }
                    }
                }
                """));
    }
}
