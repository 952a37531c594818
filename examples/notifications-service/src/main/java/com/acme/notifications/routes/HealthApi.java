package com.acme.notifications.routes;

import com.acme.notifications.db.Db;

/** GET /health. */
public class HealthApi {
    public String check() {
        int one = Db.inTransaction(s -> s.createNativeQuery("select 1", Integer.class).getSingleResult());
        return "{\"status\":\"" + (one == 1 ? "ok" : "degraded") + "\"}";
    }
}
