package com.acme.shop.web;

import com.acme.shop.catalog.CatalogService;
import com.acme.shop.catalog.Product;
import com.acme.shop.legacy.StockReport;
import com.acme.shop.orders.OrderService;
import com.acme.shop.prices.PriceList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's HTTP front. {@code /stock/legacy} goes through the legacy corner and leaks a connection per call;
 * {@code /prices/unclosed} leaves a repository stream open and leaks one per call too.
 */
@RestController
public class ShopController {
    private final CatalogService catalog;
    private final OrderService orders;
    private final StockReport stock;
    private final PriceList prices;

    public ShopController(CatalogService catalog, OrderService orders, StockReport stock, PriceList prices) {
        this.catalog = catalog;
        this.orders = orders;
        this.stock = stock;
        this.prices = prices;
    }

    @GetMapping("/products")
    public List<Product> products(@RequestParam(defaultValue = "") String q) {
        return catalog.search(q);
    }

    @PostMapping("/orders/{productId}")
    public Map<String, Long> order(@PathVariable long productId, @RequestParam(defaultValue = "1") int quantity) {
        orders.place(productId, quantity);
        return Map.of("orders", orders.count());
    }

    @GetMapping("/stock")
    public Map<String, Long> stock() {
        return Map.of("products", stock.productCount());
    }

    @GetMapping("/stock/legacy")
    public Map<String, Long> legacyStock() throws Exception {
        return Map.of("products", stock.legacyProductCount());
    }

    @GetMapping("/prices")
    public List<String> prices() {
        return prices.entries();
    }

    @GetMapping("/prices/unclosed")
    public List<String> unclosedPrices() {
        return prices.unclosed();
    }
}
