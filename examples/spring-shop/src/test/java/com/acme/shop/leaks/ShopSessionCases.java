package com.acme.shop.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.catalog.Product;
import com.acme.shop.legacy.StockReport;
import com.acme.shop.orders.OrderService;
import dev.sessionguard.runtime.SessionLeakCheck;
import java.util.stream.Stream;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shop's own beans under the run-time check, with nothing but the annotation: no {@code SessionLeaks.watch}. Three
 * tests leak (so Surefire does not run this class, the name says so): {@code RuntimeLeakCheckTest} runs it and checks
 * the verdicts.
 */
@SpringBootTest
@SessionLeakCheck
@DirtiesContext
public class ShopSessionCases {
    @Autowired
    StockReport stock;
    @Autowired
    SqlSessionFactory sqlSessionFactory;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    OrderService orders;
    @Autowired
    ProductStreams productStreams;

    /** The legacy report takes a connection from the injected DataSource and never gives it back. */
    @Test
    void legacyStockReport() throws Exception {
        assertThat(stock.legacyProductCount()).isNotNegative();
    }

    @Test
    void sqlSessionNeverClosed() {
        SqlSession session = sqlSessionFactory.openSession();
        assertThat(session.<Long>selectOne("com.acme.shop.orders.OrderMapper.count")).isNotNegative();
    }

    @Test
    void jdbcTemplate() {
        assertThat(stock.productCount()).isNotNegative();
        assertThat(jdbc.queryForObject("select count(*) from orders", Long.class)).isNotNegative();
    }

    /** A repository's Stream mapped to a list, never closed: the transaction's end does not close it. */
    @Test
    @Transactional(readOnly = true)
    void productStreamNeverClosed() {
        assertThat(productStreams.streamAllBy().map(Product::getName).toList()).isNotNull();
    }

    /** The same Stream in try-with-resources. */
    @Test
    @Transactional(readOnly = true)
    void productStreamClosed() {
        try (Stream<Product> all = productStreams.streamAllBy()) {
            assertThat(all.map(Product::getName).toList()).isNotNull();
        }
    }

    /** The test's transaction: the mapper's session and its connection are Spring's, closed by the rollback. */
    @Test
    @Transactional
    void placesAnOrderAndRollsBack() {
        long before = orders.count();
        orders.place(1, 2);
        assertThat(orders.count()).isEqualTo(before + 1);
    }
}
