package com.acme.notifications.routes;

import org.hibernate.SessionFactory;

public class AdminApi {
    private final SessionFactory sessionFactory;

    public AdminApi(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    public void purge() {
        sessionFactory.getSchemaManager().truncateMappedObjects();
    }
}
