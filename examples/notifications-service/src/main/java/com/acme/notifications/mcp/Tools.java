package com.acme.notifications.mcp;

import com.acme.notifications.db.Db;
import org.hibernate.Session;

public class Tools {
    private Session session;

    public long unreadTool(String userId) {
        if (session == null) {
            session = Db.getSession();
        }
        return session.createSelectionQuery("select count(n) from Notification n where n.userId = :u", Long.class)
                .setParameter("u", userId).getSingleResult();
    }
}
