package com.acme.shop.legacy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The legacy corner's report: {@link #legacyProductCount()} takes a connection from the pool in a service and never
 * gives it back (SG001, SG002), the way the March incident began; {@link #productCount()} is its fix.
 */
@Service
public class StockReport {
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public StockReport(DataSource dataSource, JdbcTemplate jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    public long legacyProductCount() throws SQLException {
        Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from product");
        rs.next();
        return rs.getLong(1);
    }

    public long productCount() {
        Long count = jdbc.queryForObject("select count(*) from product", Long.class);
        return count == null ? 0 : count;
    }
}
