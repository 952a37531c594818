package dev.sessionguard.rewrite;

import com.tngtech.archunit.PublicAPI;
import java.util.List;
import org.openrewrite.Recipe;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/** Both session-guard fixes, in this order: {@link UseTryWithResourcesForSessions}, {@link UseManagedSessionSource}. */
@PublicAPI(usage = ACCESS)
public final class FixSessions extends Recipe {
    @Override
    public String getDisplayName() {
        return "Fix session handling";
    }

    @Override
    public String getDescription() {
        return "Guarantees the close of sessions opened into locals and sends code outside the db packages through the managed "
                + "session source (session-guard SG001, SG002, SG003).";
    }

    @Override
    public List<Recipe> getRecipeList() {
        return List.of(new UseTryWithResourcesForSessions(), new UseManagedSessionSource());
    }
}
