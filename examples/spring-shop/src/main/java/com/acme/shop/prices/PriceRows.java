package com.acme.shop.prices;

import java.util.stream.Stream;
import org.springframework.data.repository.Repository;

/**
 * Spring Data JDBC: the stream holds its JDBC connection until it is closed. Outside a transaction nothing else gives
 * the connection back to the pool.
 */
public interface PriceRows extends Repository<PriceRow, Long> {
    Stream<PriceRow> streamAllByPriceCentsGreaterThanOrderByName(long priceCents);
}
