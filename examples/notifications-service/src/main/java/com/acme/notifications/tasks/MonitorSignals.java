package com.acme.notifications.tasks;

import com.acme.notifications.db.Db;
import org.hibernate.Session;

/** Keeps one session for the life of the process, shared by every poll. */
public class MonitorSignals {
    private static Session shared;

    public long poll() {
        if (shared == null) {
            shared = Db.getSession();
        }
        return shared.createSelectionQuery("select count(n) from Notification n", Long.class).getSingleResult();
    }
}
