package dev.sessionguard.baseline;

import com.tngtech.archunit.core.domain.JavaClass;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one evaluation of a frozen rule could judge: the classes it imported, less the methods a rule reported it could
 * not analyse. Only entries in scope may leave the baseline or be frozen anew; every other entry is kept as it is.
 */
public final class BaselineScope {
    private static final ThreadLocal<BaselineScope> EVALUATING = new ThreadLocal<>();
    /** A session rule's key: {@code SG002 com.acme.Route#handle ...}. */
    private static final Pattern SESSION_KEY = Pattern.compile("SG\\d{3} ([^\\s#]+)#(\\S+) .*");
    /** The names ArchUnit's own messages put in angle brackets: {@code Method <com.acme.Route.handle()>}. */
    private static final Pattern MENTION = Pattern.compile("<([\\w$.?]+)");
    private static final String WHOLE_CLASS = "<class>";

    /** Everything: the CLI's {@code baseline --write} imports the whole module. */
    static final BaselineScope EVERYTHING = new BaselineScope(Set.of(), true);

    private final Set<String> classes = new HashSet<>();
    private final Set<String> notAnalysed = new HashSet<>();
    private final boolean everything;

    private BaselineScope(Collection<JavaClass> imported, boolean everything) {
        imported.forEach(c -> classes.add(BaselineKey.of(c.getName())));
        this.everything = everything;
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

    /** Evaluates with a scope of the imported classes collecting what the evaluation reports it could not analyse. */
    static BaselineScope during(Collection<JavaClass> imported, Runnable evaluation) {
        BaselineScope scope = new BaselineScope(imported, false);
        BaselineScope outer = EVALUATING.get();
        EVALUATING.set(scope);
        try {
            evaluation.run();
        } finally {
            EVALUATING.set(outer);
        }
        return scope;
    }

    /** Whether the evaluation saw what the entry is about, so that its absence means it is fixed. */
    boolean judges(String key) {
        if (everything) {
            return true;
        }
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
