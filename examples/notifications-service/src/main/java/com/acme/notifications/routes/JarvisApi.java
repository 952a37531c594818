package com.acme.notifications.routes;

import com.acme.notifications.db.Db;
import com.acme.notifications.db.Notification;
import java.util.List;
import org.hibernate.Session;

/** The legacy notification routes: every handler goes through the raw factory. */
public class JarvisApi {

    /** GET /api/notifications/whats-up: opens a session and a transaction, and never ends either. */
    public String whatsUp(String userId) {
        Session db = Db.rawFactory().openSession();
        db.beginTransaction();
        long unread = db.createSelectionQuery(
                        "select count(n) from Notification n where n.userId = :u and n.read = false", Long.class)
                .setParameter("u", userId).getSingleResult();
        return "{\"user\":\"" + userId + "\",\"total_unread\":" + unread + "}";
    }

    public List<Notification> getNotifications(String userId) {
        Session db = Db.rawFactory().openSession();
        List<Notification> all = db.createSelectionQuery("from Notification n where n.userId = :u", Notification.class)
                .setParameter("u", userId).getResultList();
        db.close();
        return all;
    }

    public void markNotificationRead(long id) {
        Session db = Db.rawFactory().openSession();
        db.beginTransaction();
        db.find(Notification.class, id).markRead();
        db.getTransaction().commit();
    }

    public void acknowledgeNotification(long id) {
        Session db = Db.rawFactory().openSession();
        try {
            db.find(Notification.class, id);
        } finally {
            db.close();
        }
    }

    public boolean notificationActioned(long id) {
        Session db = Db.rawFactory().openSession();
        Notification n = db.find(Notification.class, id);
        if (n == null) {
            return false;
        }
        db.close();
        return true;
    }

    public int markAllNotificationsRead(String userId) {
        try (Session db = Db.rawFactory().openSession()) {
            db.beginTransaction();
            int count = db.createMutationQuery("update Notification n set n.read = true where n.userId = :u")
                    .setParameter("u", userId).executeUpdate();
            db.getTransaction().commit();
            return count;
        }
    }
}
