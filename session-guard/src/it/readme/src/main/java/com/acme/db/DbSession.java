package com.acme.db;

import org.hibernate.Session;

/** A session type of the project's own (docs/configuration.md's sessionguard.sessionTypes). */
public final class DbSession implements AutoCloseable {
    private final Session session;

    public DbSession(Session session) {
        this.session = session;
    }

    public Session session() {
        return session;
    }

    @Override
    public void close() {
        session.close();
    }
}
