package com.acme.notifications;

import com.acme.notifications.db.Db;
import org.hibernate.SessionFactory;

/** Dependency wiring: the one place outside db that may hold the raw factory (sessionguard.allowedClasses). */
public final class Deps {
    private Deps() {
    }

    public static SessionFactory sessionFactory() {
        return Db.rawFactory();
    }
}
