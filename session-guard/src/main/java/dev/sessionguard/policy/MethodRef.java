package dev.sessionguard.policy;

import com.tngtech.archunit.PublicAPI;

import java.util.Objects;
import java.util.regex.Pattern;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/** A method named as {@code com.acme.db.Db#getSession}: an owner type and a method name (any overload). */
@PublicAPI(usage = ACCESS)
public final class MethodRef {
    private static final Pattern FORM = Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*#[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*");

    private final String ownerType;
    private final String methodName;

    private MethodRef(String ownerType, String methodName) {
        this.ownerType = ownerType;
        this.methodName = methodName;
    }

    /**
     * Parses {@code TYPE#METHOD}.
     *
     * @param key the configuration key the value came from, named in the error
     * @throws SessionGuardConfigurationException when the value is not of that form
     */
    public static MethodRef parse(String key, String value) {
        String trimmed = value.trim();
        if (!FORM.matcher(trimmed).matches() || trimmed.endsWith(".") || trimmed.contains(".#")) {
            throw new SessionGuardConfigurationException(key, value, problem(trimmed)
                    + "; expected TYPE#METHOD, e.g. com.acme.db.Db#getSession");
        }
        int hash = trimmed.indexOf('#');
        return new MethodRef(trimmed.substring(0, hash), trimmed.substring(hash + 1));
    }

    /** What is wrong with a value that is not {@code TYPE#METHOD}, in the user's terms. */
    private static String problem(String value) {
        int hash = value.indexOf('#');
        if (value.isEmpty()) {
            return "the value is empty";
        }
        if (hash < 0) {
            return "there is no # between the type and the method";
        }
        if (value.indexOf('#', hash + 1) >= 0) {
            return "it has more than one #";
        }
        if (hash == 0) {
            return "no type before #";
        }
        if (hash == value.length() - 1) {
            return "no method after #";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                return "it contains whitespace at position " + (i + 1);
            }
            if (c != '#' && c != '.' && c != '$' && !Character.isJavaIdentifierPart(c)) {
                return "'" + c + "' at position " + (i + 1) + " cannot be part of a Java name";
            }
        }
        if (value.startsWith(".") || value.contains("..") || value.contains(".#")) {
            return "the type name has an empty part (a dot too many)";
        }
        return "the type or the method does not start as a Java name does";
    }

    public static MethodRef of(String ownerType, String methodName) {
        return parse("method", ownerType + "#" + methodName);
    }

    public String ownerType() {
        return ownerType;
    }

    public String methodName() {
        return methodName;
    }

    /** The owner's simple name and the method, as a reader writes a call: {@code Db.getSession()}. */
    public String asCall() {
        String simple = ownerType.substring(Math.max(ownerType.lastIndexOf('.'), ownerType.lastIndexOf('$')) + 1);
        return simple + "." + methodName + "()";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodRef other && ownerType.equals(other.ownerType) && methodName.equals(other.methodName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ownerType, methodName);
    }

    @Override
    public String toString() {
        return ownerType + "#" + methodName;
    }
}
