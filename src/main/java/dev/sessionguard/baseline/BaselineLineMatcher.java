package dev.sessionguard.baseline;

import com.tngtech.archunit.library.freeze.ViolationLineMatcher;

/** Matches a violation to a baseline entry by their line-insensitive {@link BaselineKey keys}. */
public final class BaselineLineMatcher implements ViolationLineMatcher {
    @Override
    public boolean matches(String lineFromFirstViolation, String lineFromSecondViolation) {
        return BaselineKey.of(lineFromFirstViolation).equals(BaselineKey.of(lineFromSecondViolation));
    }
}
