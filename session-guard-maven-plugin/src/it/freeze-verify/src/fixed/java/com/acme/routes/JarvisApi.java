package com.acme.routes;

import com.acme.db.Db;
import org.hibernate.Session;

/** The fix the message gives: the managed door, in try-with-resources. */
public class JarvisApi {
    public long whatsUp() {
        try (Session session = Db.getSession()) {
            return session.createSelectionQuery("select count(*) from Notification", Long.class).getSingleResult();
        }
    }
}
