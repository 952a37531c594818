package com.acme.notifications.orchestrators;

import com.acme.notifications.db.Db;
import com.acme.notifications.db.Notification;
import org.hibernate.Session;

public class WebhookProcessor {
    public void process(String userId, String payload) {
        Session session = Db.getSession();
        session.beginTransaction();
        session.persist(new Notification(userId, payload));
        session.getTransaction().commit();
        session.close();
    }
}
