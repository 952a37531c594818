package com.acme.util;

/** No database code at all. */
public final class Texts {
    private Texts() {
    }

    public static String shout(String text) {
        return text.toUpperCase(java.util.Locale.ROOT) + "!";
    }
}
