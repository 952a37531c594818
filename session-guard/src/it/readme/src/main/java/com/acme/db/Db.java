package com.acme.db;

import org.hibernate.Session;
import org.hibernate.SessionFactory;

/** The managed door: the README's sessionguard.sessionSources. */
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

    /** The raw door, which only the db package should use. */
    public static SessionFactory rawFactory() {
        return factory;
    }

    public static void release(Session session) {
        if (session != null) {
            session.close();
        }
    }
}
