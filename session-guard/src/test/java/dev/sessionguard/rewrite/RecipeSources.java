package dev.sessionguard.rewrite;

import org.openrewrite.java.JavaParser;
import org.openrewrite.test.SourceSpecs;

import static org.openrewrite.java.Assertions.java;
import static org.openrewrite.properties.Assertions.properties;

/** Shared pieces of the recipe tests: the parser over real persistence APIs, the db package, the policy file. */
final class RecipeSources {
    private RecipeSources() {
    }

    static JavaParser.Builder<?, ?> parser() {
        return JavaParser.fromJavaVersion().classpath("hibernate-core", "jakarta.persistence-api", "javax.persistence-api",
                "mybatis");
    }

    /** The project's one door to the database: the configured managed accessor and a closer. */
    static final String DB = """
            package com.acme.db;

            import org.hibernate.Session;
            import org.hibernate.SessionFactory;

            public final class Db {
                private static SessionFactory factory;

                public static Session getSession() {
                    return factory.openSession();
                }

                public static SessionFactory rawFactory() {
                    return factory;
                }

                public static SessionFactory rawFactory(String name) {
                    return factory;
                }

                public static void release(Session s) {
                    if (s != null) {
                        s.close();
                    }
                }
            }
            """;

    static SourceSpecs db() {
        return java(DB);
    }

    static SourceSpecs policy(String extra) {
        return properties("""
                sessionguard.dbPackages=com.acme.db..
                sessionguard.sessionSources=com.acme.db.Db#getSession
                sessionguard.closers=com.acme.db.Db#release
                """ + extra, spec -> spec.path("src/test/resources/session-guard.properties"));
    }
}
