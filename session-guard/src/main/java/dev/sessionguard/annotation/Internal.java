package dev.sessionguard.annotation;

import com.tngtech.archunit.PublicAPI;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * Public for the layers of session-guard only, not for its users: may change or go in any release. A type is
 * internal when it, a type enclosing it or its package ({@code package-info.java}) carries this annotation; every
 * other public type is {@link PublicAPI}.
 */
@PublicAPI(usage = ACCESS)
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
public @interface Internal {
}
