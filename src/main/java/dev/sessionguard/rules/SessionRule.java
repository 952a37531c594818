package dev.sessionguard.rules;

import com.tngtech.archunit.PublicAPI;

import java.util.Optional;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/** The session rules, with the stable IDs and names every layer (tests, hook, audit, baseline) reports. */
@PublicAPI(usage = ACCESS)
public enum SessionRule {
    SG001("raw-factory-outside-db", "no classes outside the db packages should use raw session factories"),
    SG002("session-leak", "sessions that are opened should be closed or handed on on every path"),
    SG003("session-close-not-guaranteed", "sessions should be closed even when an exception is thrown"),
    SG004("session-field", "no classes outside the db packages should keep sessions in fields");

    private final String ruleName;
    private final String sentence;

    SessionRule(String ruleName, String sentence) {
        this.ruleName = ruleName;
        this.sentence = sentence;
    }

    public String id() {
        return name();
    }

    /** The short name: {@code raw-factory-outside-db}. */
    public String ruleName() {
        return ruleName;
    }

    /** The stable ArchUnit rule description: {@code SG001 raw-factory-outside-db: no classes outside ...}. */
    public String description() {
        return id() + " " + ruleName + ": " + sentence;
    }

    /** The rule whose description or message starts with its ID, if any. */
    public static Optional<SessionRule> ofText(String text) {
        for (SessionRule r : values()) {
            if (text.startsWith(r.id() + " ")) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
