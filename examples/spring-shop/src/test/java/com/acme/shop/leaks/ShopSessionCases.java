package com.acme.shop.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.legacy.StockReport;
import com.acme.shop.orders.OrderService;
import com.acme.shop.prices.PriceList;
import dev.sessionguard.runtime.SessionLeakCheck;
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
    PriceList prices;

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

    /**
     * The price list's repository Stream mapped to a list and never closed (in the test's transaction, so that the
     * small pool keeps its connection: the Stream is judged by its own close).
     */
    @Test
    @Transactional(readOnly = true)
    void priceListUnclosed() {
        assertThat(prices.unclosed()).isNotNull();
    }

    /** Its fix: the same Stream in try-with-resources. */
    @Test
    @Transactional(readOnly = true)
    void priceListEntries() {
        assertThat(prices.entries()).isNotNull();
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
