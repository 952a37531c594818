package dev.sessionguard.flow;

/**
 * What one run of {@link MethodFlow} follows and which question it answers: one strategy per question the analysis
 * asks of a method body.
 */
sealed interface Tracking<R> permits Tracking.Sources, Tracking.Parameter, Tracking.Throws, Tracking.Field {
    /** Whether the sessions of source calls are tracked (else only a handed-in parameter is). */
    default boolean tracksSources() {
        return true;
    }

    /**
     * The parameter tracked as site 0 (0 = first declared, {@link MethodFlow#RECEIVER} = this), or
     * {@link CallModel#NO_ARGUMENT}. A session handed in may be null, and it is not the method's to leak.
     */
    default int parameter() {
        return CallModel.NO_ARGUMENT;
    }

    /** Whether a method that opens nothing is explored all the same. */
    default boolean exploresWithoutSessions() {
        return false;
    }

    /**
     * Whether the exceptions of an instruction are followed, given whether a handler covers it and the state before
     * it: following them may read the callee, so they are followed only where they can change the answer.
     */
    boolean followsThrows(boolean covered, FlowState before);

    R answer(Facts facts);

    /** What the caller knows of the other arguments (constants, nulls): the body is read with them in place. */
    default Arguments known() {
        return Arguments.NONE;
    }

    /** SG002/SG003 and source inference: what becomes of every session the method opens. */
    record Sources() implements Tracking<MethodFlow.Sessions> {
        @Override
        public boolean followsThrows(boolean covered, FlowState before) {
            return covered || before.anyOpen();
        }

        @Override
        public MethodFlow.Sessions answer(Facts facts) {
            return facts.sessions();
        }
    }

    /**
     * Closer and pass-through inference: what becomes of one parameter. A closer closes it on every path that
     * completes normally, so no exception is followed, unless {@code failures} asks whether an exception may leave
     * the method while the parameter is still open (a closer that can fail before its close).
     */
    record Parameter(int parameter, Arguments known, boolean failures) implements Tracking<MethodFlow.ParameterFate> {
        @Override
        public boolean tracksSources() {
            return false;
        }

        @Override
        public boolean followsThrows(boolean covered, FlowState before) {
            return failures && (covered || before.anyOpen());
        }

        @Override
        public MethodFlow.ParameterFate answer(Facts facts) {
            return facts.parameterFate();
        }
    }

    /**
     * Field release inference: whether the method, called on an object, leaves what field {@code field} of that object
     * held on entry closed or found it null, on every path that completes normally (a {@code disconnect()} that closes
     * the connection and clears the field). {@code field} is {@code owner.name}, owner an internal name.
     */
    record Field(String field) implements Tracking<Boolean> {
        @Override
        public boolean tracksSources() {
            return false;
        }

        @Override
        public boolean followsThrows(boolean covered, FlowState before) {
            return false;
        }

        /** The field's old value is site 0, judged at each normal exit as a tracked parameter is. */
        @Override
        public Boolean answer(Facts facts) {
            MethodFlow.ParameterFate fate = facts.parameterFate();
            return fate.closes() && fate.unfollowed() == null;
        }
    }

    /**
     * The may-throw summary: every exception is followed, sessions only so that null checks on them stay exact.
     */
    record Throws(Arguments known) implements Tracking<MethodFlow.MayThrow> {
        @Override
        public boolean exploresWithoutSessions() {
            return true;
        }

        @Override
        public boolean followsThrows(boolean covered, FlowState before) {
            return true;
        }

        @Override
        public MethodFlow.MayThrow answer(Facts facts) {
            return facts.mayThrow();
        }
    }
}
