package com.acme.shop.prices;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A row of the product table as the price list reads it (Spring Data JDBC: no entity manager, no session). */
@Table("PRODUCT")
public record PriceRow(@Id Long id, String name, long priceCents) {
}
