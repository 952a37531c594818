package dev.sessionguard.flow;

/**
 * A session the analysis found lost on a normal path (SG002) or closed only on normal paths (SG003): states and
 * places, no wording (the rules layer words it).
 *
 * @param kind      which of the two
 * @param method    the method's name as the class file has it ({@link MemberNames#of} maps lambda bodies)
 * @param source    the source call as code, {@code FlowDb.getSession()}
 * @param line      the line of the source call, where the finding is reported
 * @param rawSource whether the source is a preset's raw factory method rather than one of the project's own
 * @param loss      how the session is lost (a leak), else null
 * @param escape    the first exception that leaves it open (close not guaranteed), else null
 * @param closeLine the line of the first close on a normal path (close not guaranteed), else 0
 * @param field     the field overwritten (a field overwrite), else null; {@code line} is then the store's
 * @param sessionType the binary name of the type the source call returns, for a fix in its terms
 * @param result    whether the source hands out a session-bearing result (a {@code Stream}, a cursor), not a session
 * @param pipelineFix the fix of a reactive preset's source (its scoped door, or the close in the pipeline), else null
 */
public record SessionFinding(Kind kind, String method, String source, int line, boolean rawSource, Loss loss,
                             Escape escape, int closeLine, String field, String sessionType, boolean result,
                             String pipelineFix) {
    /**
     * Lost on a normal path, left open by an exception only, or a field overwritten while it may still hold an open
     * session (SG002, reported at the store).
     */
    public enum Kind { LEAK, CLOSE_NOT_GUARANTEED, FIELD_OVERWRITTEN }

    /** How the last reference to an open session goes. */
    public enum How {
        /** The method returns while it is open. */
        OPEN_AT_RETURN,
        /** Popped from the stack unused. */
        DISCARDED,
        /** Its last use is as an ordinary argument of {@code callee}. */
        PASSED_AND_DROPPED,
        /** The local holding it is overwritten. */
        OVERWRITTEN,
        /** The same source call opens the next one while it is open (a loop). */
        REOPENED,
        /**
         * Handed on (returned, stored) on the normal paths, but an exception leaves the method while it is still open
         * and nobody closes it: {@code line} and {@code callee} are the throw's (callee null for a {@code throw}).
         */
        ESCAPED,
        /**
         * Stored by a constructor in a field of the object it builds, which an exception then leaves unbuilt: nobody
         * holds the object, so nobody can close the session ({@code line} and {@code callee} are the throw's).
         */
        UNBUILT
    }

    /** Where and how an open session is lost; {@code callee} names the call for {@link How#PASSED_AND_DROPPED}. */
    public record Loss(How how, int line, String callee) {
    }

    /**
     * An exception that escapes while the session is open: its line, the call that throws it (null: a throw), and
     * whether that call is the session's own closer failing before its close (a helper that restores a mode first).
     */
    public record Escape(int line, String thrower, boolean closerFails) {
        public Escape(int line, String thrower) {
            this(line, thrower, false);
        }
    }
}
