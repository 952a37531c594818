package com.acme.notifications.routes;

import com.acme.notifications.db.Db;
import com.acme.notifications.db.Notification;
import org.hibernate.Session;

public class CeleryTasksApi {
    public long queued(String userId) {
        Session session = Db.getSession();
        long count = session.createSelectionQuery("select count(n) from Notification n where n.userId = :u", Long.class)
                .setParameter("u", userId).getSingleResult();
        session.close();
        return count;
    }

    public Notification enqueue(String userId) {
        return Db.inTransaction(s -> {
            Notification n = new Notification(userId, "queued");
            s.persist(n);
            return n;
        });
    }
}
