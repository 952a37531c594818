package com.acme.notifications.agents;

import com.acme.notifications.db.Db;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

public class Jarvis {
    public String answer(String userId) {
        SessionFactory factory = Db.rawFactory();
        Session session = factory.openSession();
        long count = session.createSelectionQuery("select count(n) from Notification n where n.userId = :u", Long.class)
                .setParameter("u", userId).getSingleResult();
        return "You have " + count + " notifications.";
    }
}
