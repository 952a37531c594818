package dev.sessionguard.baseline;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.sessionguard.annotation.Internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one evaluation of a frozen rule could judge: the classes it imported, less the methods a rule reported it could
 * not analyse. Only entries in scope may leave the baseline or be frozen anew; every other entry is kept as it is.
 */
@Internal
public final class BaselineScope {
    private static final ThreadLocal<BaselineScope> EVALUATING = new ThreadLocal<>();
    /** A session rule's key: {@code SG002 com.acme.Route#handle ...}. */
    private static final Pattern SESSION_KEY = Pattern.compile("SG\\d{3} ([^\\s#]+)#(\\S+) .*");
    /** The names ArchUnit's own messages put in angle brackets: {@code Method <com.acme.Route.handle()>}. */
    private static final Pattern MENTION = Pattern.compile("<([\\w$.?]+)");
    private static final String WHOLE_CLASS = "<class>";

    private final Set<String> classes = new HashSet<>();
    private final Set<String> notAnalysed = new HashSet<>();

    private BaselineScope(Collection<JavaClass> imported) {
        imported.forEach(c -> classes.add(BaselineKey.of(c.getName())));
    }

    /**
     * Tells the rule being evaluated on this thread that a method (or {@code <class>}: all of it) could not be analysed,
     * so that its entries stay in the baseline. Outside a frozen rule's evaluation it does nothing.
     */
    public static void notAnalysed(String className, String member) {
        BaselineScope scope = EVALUATING.get();
        if (scope != null) {
            scope.notAnalysed.add(BaselineKey.of(className + "#" + member));
        }
    }

    /** The scope of an evaluation of the imported classes, and its result; what it reports unanalysed is left out. */
    static <T> Judged<T> during(Collection<JavaClass> imported, Supplier<T> evaluation) {
        BaselineScope scope = new BaselineScope(imported);
        BaselineScope outer = EVALUATING.get();
        EVALUATING.set(scope);
        try {
            return new Judged<>(scope, evaluation.get());
        } finally {
            EVALUATING.set(outer);
        }
    }

    record Judged<T>(BaselineScope scope, T result) {
    }

    /** Whether the evaluation saw what the entry is about, so that its absence means it is fixed. */
    boolean judges(String key) {
        Matcher session = SESSION_KEY.matcher(key);
        if (session.matches()) {
            String className = session.group(1);
            return classes.contains(className) && !notAnalysed.contains(className + "#" + WHOLE_CLASS)
                    && !notAnalysed.contains(className + "#" + session.group(2));
        }
        Matcher mention = MENTION.matcher(key);
        while (mention.find()) {
            for (String name = mention.group(1); !name.isEmpty(); name = name.substring(0, Math.max(0, name.lastIndexOf('.')))) {
                if (classes.contains(name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
