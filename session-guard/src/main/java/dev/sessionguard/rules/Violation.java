package dev.sessionguard.rules;

import com.tngtech.archunit.PublicAPI;

import java.util.Comparator;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * One violation of a session rule, as every layer reports it.
 *
 * @param rule      the rule
 * @param className the fully qualified name of the class the violation lies in
 * @param member    the member (method, constructor {@code <init>}, static initialiser {@code <clinit>}, field, or
 *                  {@code <class>} for the declaration itself)
 * @param target    what it touches: the raw type, the method called, the session opened
 * @param sourceFile the source file name as the class file records it ({@code JarvisApi.java}), or empty
 * @param line      the line, 0 when the class file has none
 * @param detail    what happens, without the fix
 * @param fix       how to fix it, in the project's terms
 */
@PublicAPI(usage = ACCESS)
public record Violation(SessionRule rule, String className, String member, String target, String sourceFile, int line,
                        String detail, String fix) {

    /** Sorts by class, line, rule, member, target: the order of every report. */
    public static final Comparator<Violation> ORDER = Comparator.comparing(Violation::className)
            .thenComparingInt(Violation::line).thenComparing(v -> v.rule().id())
            .thenComparing(Violation::member).thenComparing(Violation::target);

    /** {@code com.acme.routes.JarvisApi#whatsUp}. */
    public String location() {
        return className + "#" + member;
    }

    /** The source path under its source root: {@code com/acme/routes/JarvisApi.java}. */
    public String sourcePath() {
        return sourcePath(className, sourceFile);
    }

    /** The source path of a class, from its name and the source file name its class file records (or empty). */
    public static String sourcePath(String className, String sourceFile) {
        String outer = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
        int dot = outer.lastIndexOf('.');
        String dir = dot < 0 ? "" : outer.substring(0, dot).replace('.', '/') + "/";
        String file = sourceFile.isEmpty() ? outer.substring(dot + 1) + ".java" : sourceFile;
        return dir + file;
    }

    /**
     * The full message: rule, location, what happens, {@code (File.java:line)} in ArchUnit's form, the fix.
     * Only the {@code (File.java:line)} part carries the line, so that line-insensitive matchers can drop it.
     */
    public String message() {
        String file = sourceFile.isEmpty() ? sourcePath().substring(sourcePath().lastIndexOf('/') + 1) : sourceFile;
        return rule.id() + " " + location() + " " + detail + " (" + file + ":" + line + "); fix: " + fix;
    }

    @Override
    public String toString() {
        return message();
    }
}
