package com.acme.notifications.orchestrators;

import com.acme.notifications.db.Db;
import org.hibernate.Session;

public class ReminderOrchestrator {
    public long remind(String userId) {
        Session session = Db.getSession();
        return count(session, userId);
    }

    private long count(Session session, String userId) {
        return session.createSelectionQuery("select count(n) from Notification n where n.userId = :u", Long.class)
                .setParameter("u", userId).getSingleResult();
    }
}
