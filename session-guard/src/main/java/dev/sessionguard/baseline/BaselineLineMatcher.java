package dev.sessionguard.baseline;

import com.tngtech.archunit.PublicAPI;
import com.tngtech.archunit.library.freeze.ViolationLineMatcher;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/** Matches a violation to a baseline entry by their line-insensitive {@link BaselineKey keys}. */
@PublicAPI(usage = ACCESS)
public final class BaselineLineMatcher implements ViolationLineMatcher {
    @Override
    public boolean matches(String lineFromFirstViolation, String lineFromSecondViolation) {
        return BaselineKey.of(lineFromFirstViolation).equals(BaselineKey.of(lineFromSecondViolation));
    }
}
