package dev.sessionguard.rewrite;

import com.tngtech.archunit.PublicAPI;
import org.openrewrite.Column;
import org.openrewrite.DataTable;
import org.openrewrite.Recipe;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/** The sessions a session-guard recipe saw and did not change, with the reason: what is left to fix by hand. */
@PublicAPI(usage = ACCESS)
public final class SessionsLeftAlone extends DataTable<SessionsLeftAlone.Row> {
    public SessionsLeftAlone(Recipe recipe) {
        super(recipe, "Sessions left alone", "Sessions a session-guard recipe did not change because it could not prove the change safe.");
    }

    /** One session the recipe left alone. */
    public record Row(
            @Column(displayName = "Source path", description = "The source file.") String sourcePath,
            @Column(displayName = "Method", description = "The method that obtains the session.") String method,
            @Column(displayName = "Session", description = "The variable or call that holds the session.") String session,
            @Column(displayName = "Reason", description = "Why the recipe left it alone.") String reason) {
    }
}
