package dev.sessionguard.rewrite;

import com.tngtech.archunit.PublicAPI;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.openrewrite.Column;
import org.openrewrite.Cursor;
import org.openrewrite.DataTable;
import org.openrewrite.ExecutionContext;
import org.openrewrite.Recipe;
import org.openrewrite.java.tree.J;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/** The sessions a session-guard recipe saw and did not change, with the reason: what is left to fix by hand. */
@PublicAPI(usage = ACCESS)
public final class SessionsLeftAlone extends DataTable<SessionsLeftAlone.Row> {
    private static final Logger LOG = LoggerFactory.getLogger(SessionsLeftAlone.class);
    private static final String REPORTED = "sessionguard.rewrite.reported";

    public SessionsLeftAlone(Recipe recipe) {
        super(recipe, "Sessions left alone", "Sessions a session-guard recipe did not change because it could not prove the change safe.");
    }

    /**
     * Records a session left alone where the cursor stands, once per run (a recipe's later cycles see it again), as
     * a row and a warning.
     */
    void record(Cursor cursor, String session, String reason, ExecutionContext ctx) {
        J.CompilationUnit cu = cursor.firstEnclosingOrThrow(J.CompilationUnit.class);
        J.MethodDeclaration method = cursor.firstEnclosing(J.MethodDeclaration.class);
        J.ClassDeclaration type = cursor.firstEnclosing(J.ClassDeclaration.class);
        String where = (type == null ? "" : type.getSimpleName()) + "#" + (method == null ? "<init>" : method.getSimpleName());
        String path = cu.getSourcePath().toString();
        Set<String> reported = ctx.computeMessageIfAbsent(REPORTED, k -> Collections.synchronizedSet(new HashSet<>()));
        if (reported.add(getRecipe().getName() + " " + path + " " + where + " " + session + " " + reason)) {
            insertRow(ctx, new Row(path, where, session, reason));
            LOG.warn("{}: {}: session {} left alone: {}", path, where, session, reason);
        }
    }

    /** One session the recipe left alone. */
    public record Row(
            @Column(displayName = "Source path", description = "The source file.") String sourcePath,
            @Column(displayName = "Method", description = "The method that obtains the session.") String method,
            @Column(displayName = "Session", description = "The variable or call that holds the session.") String session,
            @Column(displayName = "Reason", description = "Why the recipe left it alone.") String reason) {
    }
}
