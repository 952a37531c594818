package com.acme.notifications.routes;

import com.acme.notifications.db.Db;
import com.acme.notifications.db.Notification;
import org.hibernate.Session;

public class MemoryApi {
    public Notification remember(String userId, String text) {
        Session session = Db.getSession();
        session.beginTransaction();
        Notification n = new Notification(userId, text);
        session.persist(n);
        session.getTransaction().commit();
        return n;
    }
}
