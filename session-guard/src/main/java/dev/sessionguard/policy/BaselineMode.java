package dev.sessionguard.policy;

import com.tngtech.archunit.PublicAPI;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/** How the frozen baseline is treated: {@code sessionguard.baseline.mode}. */
@PublicAPI(usage = ACCESS)
public enum BaselineMode {
    /** Locally shrink the baseline as violations are fixed; on CI ({@code CI=true}) behave as {@link #VERIFY}. */
    AUTO,
    /** Never write: new violations fail, fixed ones are reported as removable. */
    VERIFY,
    /** Create or regrow the baseline from the current violations. */
    FREEZE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BaselineMode byId(String key, String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Stream.of(values()).filter(m -> m.id().equals(wanted)).findFirst()
                .orElseThrow(() -> new SessionGuardConfigurationException(key, value, "unknown mode (known: "
                        + Stream.of(values()).map(BaselineMode::id).collect(Collectors.joining(", ")) + ")"));
    }
}
