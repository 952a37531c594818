package com.acme.shop.catalog;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Repositories and the shared, transaction-bound EntityManager the container injects. */
@Service
public class CatalogService {
    private final ProductRepository products;

    @PersistenceContext
    private EntityManager em;

    public CatalogService(ProductRepository products) {
        this.products = products;
    }

    @Transactional
    public Product add(String name, long priceCents) {
        return products.save(new Product(name, priceCents));
    }

    @Transactional(readOnly = true)
    public List<Product> search(String fragment) {
        return products.findByNameContainingIgnoreCase(fragment);
    }

    @Transactional(readOnly = true)
    public long totalValueCents() {
        Long total = em.createQuery("select coalesce(sum(p.priceCents), 0) from Product p", Long.class).getSingleResult();
        return total;
    }
}
