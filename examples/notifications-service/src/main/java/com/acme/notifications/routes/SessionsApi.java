package com.acme.notifications.routes;

import com.acme.notifications.db.Db;
import org.hibernate.StatelessSession;

public class SessionsApi {
    public long active() {
        StatelessSession s = Db.rawFactory().openStatelessSession();
        long count = s.createSelectionQuery("select count(n) from Notification n", Long.class).getSingleResult();
        s.close();
        return count;
    }
}
