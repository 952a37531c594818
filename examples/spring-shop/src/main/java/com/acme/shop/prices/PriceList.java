package com.acme.shop.prices;

import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * The storefront's price list, read through a repository {@code Stream}. {@link #unclosed()} is written the way people
 * write it: {@code toList()} consumes the stream but does not close it, so every call keeps a connection out of the
 * pool (SG002). {@link #entries()} is its fix, the try-with-resources Spring Data's documentation asks for.
 */
@Service
public class PriceList {
    private final PriceRows rows;

    public PriceList(PriceRows rows) {
        this.rows = rows;
    }

    public List<String> unclosed() {
        return rows.streamAllByPriceCentsGreaterThanOrderByName(0).map(PriceList::entry).toList();
    }

    public List<String> entries() {
        try (Stream<PriceRow> priced = rows.streamAllByPriceCentsGreaterThanOrderByName(0)) {
            return priced.map(PriceList::entry).toList();
        }
    }

    private static String entry(PriceRow row) {
        return row.name() + " " + row.priceCents();
    }
}
