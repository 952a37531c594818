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
            throw new SessionGuardConfigurationException(key, value, "expected TYPE#METHOD, e.g. com.acme.db.Db#getSession");
        }
        int hash = trimmed.indexOf('#');
        return new MethodRef(trimmed.substring(0, hash), trimmed.substring(hash + 1));
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
