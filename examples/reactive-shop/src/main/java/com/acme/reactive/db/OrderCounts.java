package com.acme.reactive.db;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Counts orders on a connection of the pool. {@link #countUnclosed()} takes the connection with
 * {@code ConnectionFactory#create()} and never closes it: every call keeps one out of the pool (SG002).
 * {@link #count()} is its fix: {@code Mono.usingWhen} closes the connection however the work ends.
 */
@Repository
public class OrderCounts {
    private static final String COUNT = "select count(*) from orders";

    private final ConnectionFactory connections;

    public OrderCounts(ConnectionFactory connections) {
        this.connections = connections;
    }

    public Mono<Long> countUnclosed() {
        return Mono.from(connections.create())
                .flatMap(c -> Mono.from(c.createStatement(COUNT).execute())
                        .flatMap(r -> Mono.from(r.map((row, meta) -> row.get(0, Long.class)))));
    }

    public Mono<Long> count() {
        return Mono.usingWhen(connections.create(),
                c -> Mono.from(c.createStatement(COUNT).execute())
                        .flatMap(r -> Mono.from(r.map((row, meta) -> row.get(0, Long.class)))),
                Connection::close);
    }
}
