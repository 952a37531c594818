package dev.sessionguard.flow;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The member a method of a class file is reported as. */
public final class MemberNames {
    private static final Pattern LAMBDA = Pattern.compile("lambda\\$(.+)\\$\\d+");

    private MemberNames() {
    }

    /** A lambda body ({@code lambda$whatsUp$0}) counts as its method; any other name is itself. */
    public static String of(String methodName) {
        if (!methodName.startsWith("lambda$")) {
            return methodName;
        }
        Matcher m = LAMBDA.matcher(methodName);
        return m.matches() ? m.group(1) : methodName;
    }
}
