package com.acme.db;

import org.hibernate.Session;
import org.hibernate.SessionFactory;

/** The managed door (sessionguard.sessionSources) and, for the db package only, the raw one. */
public final class Db {
    private static SessionFactory factory;

    private Db() {
    }

    public static void init(SessionFactory sessionFactory) {
        factory = sessionFactory;
    }

    public static Session getSession() {
        return factory.openSession();
    }

    public static SessionFactory rawFactory() {
        return factory;
    }
}
