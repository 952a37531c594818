package com.acme.notifications.tasks;

import com.acme.notifications.db.Db;
import org.hibernate.Session;

public class DigestTask {
    public String digest(String userId) {
        Session session = Db.getSession();
        long count = session.createSelectionQuery("select count(n) from Notification n where n.userId = :u", Long.class)
                .setParameter("u", userId).getSingleResult();
        if (count == 0) {
            return "nothing new";
        }
        session.close();
        return count + " new";
    }
}
