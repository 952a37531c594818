package dev.sessionguard.policy;

import com.tngtech.archunit.PublicAPI;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * A call that hands out a session-bearing result: a value that holds a connection (or a cursor) until it is closed,
 * such as the {@code Stream} of {@code JdbcTemplate#queryForStream} or a MyBatis {@code Cursor}. The flow analysis
 * tracks it like a session. Names are binary type names, as strings.
 *
 * @param ownerType  the type that declares the method (subtypes included); null: any interface (a MyBatis mapper)
 * @param methodName the method's name; null: any method of the owner that returns {@code returnType}
 * @param returnType the type the method returns; null: whatever it returns (a configured result)
 */
@PublicAPI(usage = ACCESS)
public record SessionResult(String ownerType, String methodName, String returnType) {
    /** {@code TYPE#METHOD} returning {@code returnType}. */
    static SessionResult named(String method, String returnType) {
        MethodRef ref = MethodRef.parse("preset", method);
        return new SessionResult(ref.ownerType(), ref.methodName(), returnType);
    }

    /** Any method of {@code ownerType} (null: of any interface) that returns {@code returnType}, whatever its name. */
    static SessionResult anyMethod(String ownerType, String returnType) {
        return new SessionResult(ownerType, null, returnType);
    }

    /** A configured {@code TYPE#METHOD}, whatever it returns (the configuration check requires an AutoCloseable). */
    static SessionResult of(MethodRef method) {
        return new SessionResult(method.ownerType(), method.methodName(), null);
    }

    @Override
    public String toString() {
        return (ownerType == null ? "<any interface>" : ownerType) + "#" + (methodName == null ? "*" : methodName)
                + (returnType == null ? "" : " returning " + returnType);
    }
}
