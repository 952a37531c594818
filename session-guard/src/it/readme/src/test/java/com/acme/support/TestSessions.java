package com.acme.support;

import com.acme.db.Db;
import org.hibernate.Session;

/** A test helper that leaks: the README's test class analyses production classes only, as the audit does. */
public final class TestSessions {
    private TestSessions() {
    }

    public static long notifications() {
        Session session = Db.rawFactory().openSession();
        return session.createSelectionQuery("select count(*) from Notification", Long.class).getSingleResult();
    }
}
