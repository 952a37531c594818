package com.acme.notifications.orchestrators;

import com.acme.notifications.db.Db;
import org.hibernate.SessionFactory;

public class FormleadOrchestrator {
    private final SessionFactory factory = Db.rawFactory();

    public long leads() {
        return factory.fromSession(s -> s.createSelectionQuery("select count(n) from Notification n", Long.class)
                .getSingleResult());
    }
}
