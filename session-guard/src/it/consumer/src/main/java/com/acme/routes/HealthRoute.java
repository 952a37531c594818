package com.acme.routes;

import com.acme.db.Db;
import java.sql.Connection;
import java.sql.SQLException;

public class HealthRoute {
    public boolean healthy() throws SQLException {
        try (Connection c = Db.getConnection()) {
            return c.isValid(1);
        }
    }
}
