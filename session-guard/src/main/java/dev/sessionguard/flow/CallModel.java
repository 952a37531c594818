package dev.sessionguard.flow;

import org.objectweb.asm.tree.MethodInsnNode;

import java.util.Set;

/**
 * What the analysis needs to know of a call and of exception types: does the call open a session, which arguments
 * does it close, what may it throw, and which handlers catch what.
 */
interface CallModel {
    /** What any exception is, when nothing better is known ({@code Error}s are never followed). */
    String ANY = "java/lang/Exception";
    /** What an unchecked exception of unknown type is. */
    String UNCHECKED = "java/lang/RuntimeException";

    /** {@link #returnsArgument}'s answer when the result carries no argument on. */
    int NO_ARGUMENT = -2;

    /** How much of the exceptions of one type a handler catches. */
    enum Catch { ALL, SOME, NONE }

    /** Whether the call returns a fresh session the caller owns. */
    boolean isSource(MethodInsnNode call);

    /** Whether the call closes its argument at {@code index} (0 = first declared parameter). */
    boolean closesArgument(MethodInsnNode call, int index);

    /**
     * Whether a closer of argument {@code index} (or of the receiver, {@link MethodFlow#RECEIVER}) whose body can be read
     * and closes it may throw while the argument is still open, with what the caller knows of the arguments in place:
     * then on its exception the session is still the caller's.
     */
    default boolean failsBeforeClosing(MethodInsnNode call, int index, Arguments known) {
        return false;
    }

    /**
     * Whether the call closes its argument at {@code index} given what the caller knows of its other arguments: a
     * helper that closes only when asked to ({@code execute(connection, sql, true)}) closes when the flag is a constant
     * that asks it to. Only bodies that can be read are asked.
     */
    default boolean closesArgumentGiven(MethodInsnNode call, int index, Arguments known) {
        return false;
    }

    /**
     * The argument the call returns, itself or wrapped (a decorating factory, a fluent method): 0 = first declared
     * parameter, {@link MethodFlow#RECEIVER} = the receiver, or {@link #NO_ARGUMENT}. The result is tracked in its place.
     */
    int returnsArgument(MethodInsnNode call);

    /** The exception types (internal names) the call may throw; empty when it cannot throw. */
    Set<String> thrownBy(MethodInsnNode call);

    /**
     * What the call may throw given what the caller knows of its arguments, when its body can be read; else
     * {@code thrown}, what {@link #thrownBy} answered.
     */
    default Set<String> thrownByGiven(MethodInsnNode call, Arguments known, Set<String> thrown) {
        return thrown;
    }

    /** Whether an exception type (internal name) signals a programming error: a throw of one is not a path. */
    boolean isProgrammingError(String thrown);

    /** Whether an exception type (internal name) is an {@code Error} (an {@code assert}, a VM failure): never followed. */
    default boolean isError(String thrown) {
        return false;
    }

    /**
     * Whether the call takes the session given as its argument at {@code index} over (0 = first declared parameter):
     * every body it may run closes it or hands it on (stores it, keeps it in a container, returns it, gives it to a
     * method that takes it) on every path that completes normally. Nothing is taken by a call whose body is unknown.
     */
    default boolean takesArgument(MethodInsnNode call, int index) {
        return false;
    }

    /**
     * Whether the call, which {@link #takesArgument takes} the session at {@code index} over, may let an exception out
     * while it still has not (a call given the session fails before the store): the session is then still the caller's.
     */
    default boolean failsBeforeTaking(MethodInsnNode call, int index, Arguments known) {
        return false;
    }

    /**
     * Whether a call on {@code this} to a configured source is a unit of work asking for the session it holds: the
     * class is AutoCloseable and its {@code close()} runs a configured closer, so that close releases what the source
     * hands out here (hutool's {@code Session#commit()}: {@code getConnection().commit()}).
     */
    default boolean isOwnSession(MethodInsnNode call) {
        return false;
    }

    /**
     * Whether the constructor a constructor delegates to ({@code this(...)}, {@code super(...)}) takes the session given
     * at {@code index} over, as {@link #takesArgument} asks of a method: the object under construction then holds it.
     */
    default boolean delegateTakes(MethodInsnNode call, int index) {
        return false;
    }

    /**
     * Whether the call closes its receiver on every path that completes normally, as {@code close()} does: every body
     * it may run closes {@code this} ({@code closeAndSuppress(t)}, {@code commit()} of a unit of work that ends it).
     */
    default boolean closesReceiver(MethodInsnNode call) {
        return false;
    }

    /**
     * Whether the call, made on an object, closes what field {@code field} ({@code owner.name}) of that object holds, or
     * finds it null, on every path that completes normally: every body it may run does ({@code disconnect()} that
     * closes the connection and clears the field).
     */
    default boolean releasesField(MethodInsnNode call, String field) {
        return false;
    }

    /** Whether the call gives its arguments to a container that keeps them (a collection, a map, a thread-local). */
    boolean keeps(MethodInsnNode call);

    /** Whether the type (internal name) is a session type (configured, a preset's, or a subtype of one). */
    boolean isSessionType(String internalName);

    /** Whether objects of the type (internal name) keep what they are given: collections, maps, thread-locals. */
    boolean isKeeper(String internalName);

    /**
     * Whether the implementation of a lambda or method reference (a method of the analysed code) closes its parameter
     * {@code index} on every path that completes normally.
     */
    boolean lambdaCloses(String owner, String name, String desc, int index);

    /**
     * Whether an object of the type (internal name) owns a session it is constructed with: a session type or a type
     * with a close of its own. Any other object that captures a session (a lambda, an anonymous class) hands it on
     * when it is itself handed on.
     */
    boolean ownsWhatItIsGiven(String internalName);

    /**
     * Whether the type (internal name) is a pipeline that hands its value out later ({@code Publisher}, {@code Mono},
     * {@code Uni}, {@code CompletionStage}, Vert.x {@code Future}, a Mutiny operator group, or a subtype of one).
     */
    default boolean isPipelineType(String internalName) {
        return false;
    }

    /** Whether the type (internal name) is a reactive preset's session type (an R2DBC {@code Connection}, ...). */
    default boolean isReactiveSessionType(String internalName) {
        return false;
    }

    /**
     * What the implementation of a lambda or method reference does with its parameter {@code index}
     * ({@link MethodFlow#RECEIVER}: the receiver of an unbound method reference), on the paths that complete normally;
     * a fate whose {@code unfollowed} says why when its body cannot be read.
     */
    default MethodFlow.ParameterFate lambdaFate(String owner, String name, String desc, int index) {
        return MethodFlow.ParameterFate.unfollowed("its body is not in the analysed code");
    }

    /** Whether the call is to a private method, which its own class alone can call. */
    default boolean isPrivate(MethodInsnNode call) {
        return false;
    }

    /** Whether the bodies of the type's methods (internal name) are analysed code, which the analysis reads. */
    default boolean readsBodiesOf(String internalName) {
        return false;
    }

    /** How a handler of {@code catchType} ({@code null}: finally) receives an exception of type {@code thrown}. */
    Catch catches(String catchType, String thrown);

    /** Whether {@code sub} is {@code sup} or a subtype of it (internal names); {@code null} when the types are unknown. */
    default Boolean isSubtype(String sub, String sup) {
        return null;
    }
}
