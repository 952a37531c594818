package com.acme.notifications.tasks;

import com.acme.notifications.db.Db;
import org.hibernate.Session;

public class Tasks {
    public void cleanup() {
        try (Session s = Db.rawFactory().openSession()) {
            s.beginTransaction();
            s.createMutationQuery("delete from Notification n where n.read = true").executeUpdate();
            s.getTransaction().commit();
        }
    }
}
