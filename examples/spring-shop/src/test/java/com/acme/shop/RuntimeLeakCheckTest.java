package com.acme.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import com.acme.shop.leaks.ShopSessionCases;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.junit.platform.engine.TestExecutionResult.Status.FAILED;
import static org.junit.platform.engine.TestExecutionResult.Status.SUCCESSFUL;

/**
 * The run-time check in a Spring Boot test, zero configuration: the leaking tests fail naming the test and the line
 * that opened the connection, session or repository Stream; JdbcTemplate, a rolled-back test transaction and the price
 * list's Stream closed in try-with-resources pass.
 */
class RuntimeLeakCheckTest {

    @Test
    void leaks_from_the_contexts_data_source_and_sql_session_factory_fail_and_container_managed_use_passes() {
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        LauncherFactory.create().execute(request().selectors(selectClass(ShopSessionCases.class)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        results.put(test.getDisplayName(), result);
                    }
                });

        assertThat(message(results, "legacyStockReport()")).startsWith("SG002 runtime: java.sql.Connection opened at"
                + " com.acme.shop.legacy.StockReport#legacyProductCount(StockReport.java:26) during"
                + " com.acme.shop.leaks.ShopSessionCases#legacyStockReport() was never closed\n"
                + "\tat com.acme.shop.legacy.StockReport.legacyProductCount(StockReport.java:26)\n");
        assertThat(message(results, "sqlSessionNeverClosed()")).startsWith("SG002 runtime:"
                + " org.apache.ibatis.session.SqlSession opened at com.acme.shop.leaks.ShopSessionCases#sqlSessionNeverClosed("
                + "ShopSessionCases.java:46) during com.acme.shop.leaks.ShopSessionCases#sqlSessionNeverClosed()"
                + " was never closed\n");
        assertThat(message(results, "priceListUnclosed()")).startsWith("SG002 runtime: java.util.stream.Stream from"
                + " com.acme.shop.prices.PriceRows#streamAllByPriceCentsGreaterThanOrderByName opened at"
                + " com.acme.shop.prices.PriceList#unclosed(PriceList.java:21) during"
                + " com.acme.shop.leaks.ShopSessionCases#priceListUnclosed() was never closed\n");
        for (String passing : new String[] {"jdbcTemplate()", "placesAnOrderAndRollsBack()", "priceListEntries()"}) {
            TestExecutionResult result = results.get(passing);
            assertThat(result.getStatus()).as("%s: %s", passing, result.getThrowable()).isEqualTo(SUCCESSFUL);
        }
        // what the context's beans opened while it started (the legacy corner's session field) is no test's leak
        TestExecutionResult wholeClass = results.get("ShopSessionCases");
        assertThat(wholeClass.getStatus()).as("%s", wholeClass.getThrowable()).isEqualTo(SUCCESSFUL);
    }

    private static String message(Map<String, TestExecutionResult> results, String test) {
        TestExecutionResult result = results.get(test);
        assertThat(result.getStatus()).as(test).isEqualTo(FAILED);
        String message = result.getThrowable().orElseThrow().getMessage();
        assertThat(message.lines().filter(l -> l.startsWith("SG002"))).as(message).hasSize(1);
        return message;
    }
}
