package com.acme.routes;

import com.acme.db.Db;
import org.hibernate.Session;

/** The incident: the raw factory outside the db package, and a session nobody closes. */
public class JarvisApi {
    public long whatsUp() {
        Session session = Db.rawFactory().openSession();
        return session.createSelectionQuery("select count(*) from Notification", Long.class).getSingleResult();
    }
}
