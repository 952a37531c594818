package com.acme.reactive.web;

import com.acme.reactive.db.OrderCounts;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The shop's HTTP front. {@code /orders/count/unclosed} leaks a pooled connection per request. */
@RestController
public class OrderController {
    private final OrderCounts counts;

    public OrderController(OrderCounts counts) {
        this.counts = counts;
    }

    @GetMapping("/orders/count")
    public Mono<Map<String, Long>> count() {
        return counts.count().map(n -> Map.of("orders", n));
    }

    @GetMapping("/orders/count/unclosed")
    public Mono<Map<String, Long>> countUnclosed() {
        return counts.countUnclosed().map(n -> Map.of("orders", n));
    }
}
