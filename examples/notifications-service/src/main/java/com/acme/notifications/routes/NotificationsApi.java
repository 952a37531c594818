package com.acme.notifications.routes;

import com.acme.notifications.db.Db;
import org.hibernate.Session;

/** The fixed notification routes: sessions through Db, in try-with-resources. */
public class NotificationsApi {

    /** GET /api/notifications. */
    public String unread(String userId) {
        try (Session db = Db.getSession()) {
            long unread = db.createSelectionQuery(
                            "select count(n) from Notification n where n.userId = :u and n.read = false", Long.class)
                    .setParameter("u", userId).getSingleResult();
            return "{\"user\":\"" + userId + "\",\"total_unread\":" + unread + "}";
        }
    }
}
