package com.acme.config;

import com.acme.db.Db;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/** Wiring that builds the raw factory: the README's sessionguard.allowedClasses. */
public class PersistenceConfig {
    public SessionFactory sessionFactory() {
        SessionFactory factory = new Configuration().buildSessionFactory();
        Db.init(factory);
        return factory;
    }
}
