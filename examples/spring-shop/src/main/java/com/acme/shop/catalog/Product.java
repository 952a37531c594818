package com.acme.shop.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A product in the catalog. */
@Entity
public class Product {
    @Id
    @GeneratedValue
    private Long id;
    private String name;
    private long priceCents;

    protected Product() {
    }

    public Product(String name, long priceCents) {
        this.name = name;
        this.priceCents = priceCents;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public long getPriceCents() {
        return priceCents;
    }
}
