package dev.sessionguard.baseline;

import dev.sessionguard.annotation.Internal;

import java.util.regex.Pattern;

/**
 * The line-number-insensitive key of a violation: its message without the source location, line references, the
 * fix, and the numbers javac gives anonymous classes and lambdas. Moving code does not change it; renaming a class or
 * member does.
 */
@Internal
public final class BaselineKey {
    private static final Pattern LOCATION = Pattern.compile("\\s*\\([^()\\s]+\\.(java|kt|scala|groovy|class):\\d+\\)");
    private static final Pattern LINE = Pattern.compile("\\bline \\d+");
    private static final Pattern SYNTHETIC_NUMBER = Pattern.compile("\\$(lambda\\$[\\w$]*?\\$)?\\d+");
    private static final Pattern OCCURRENCE = Pattern.compile(" \\[\\d+]$");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private BaselineKey() {
    }

    /** The key of a violation message; a key is its own key. */
    public static String of(String message) {
        String m = OCCURRENCE.matcher(message).replaceFirst("");
        int fix = m.indexOf("; fix: ");
        if (fix >= 0) {
            m = m.substring(0, fix);
        }
        m = LOCATION.matcher(m).replaceAll("");
        m = LINE.matcher(m).replaceAll("line ?");
        m = SYNTHETIC_NUMBER.matcher(m).replaceAll("\\$?");
        return SPACE.matcher(m).replaceAll(" ").trim();
    }

    /** Tells equal keys apart within one file: the n-th occurrence of a key carries {@code " [n]"} (n >= 2). */
    static String occurrence(String key, int n) {
        return n == 1 ? key : key + " [" + n + "]";
    }
}
