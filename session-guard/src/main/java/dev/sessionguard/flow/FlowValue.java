package dev.sessionguard.flow;

import org.objectweb.asm.tree.analysis.Value;

import java.util.Objects;

/**
 * What the analysis knows of one stack or local slot: a tracked session (by its site), an object that captured one
 * (a lambda, an anonymous class, a local collection or array: it stands for the session and hands it on when it is
 * itself handed on), null, a new object, a lambda that captured no session (by its invokedynamic), a subroutine return
 * address, an int constant (a flag), the boolean answer of a session's own {@code isClosed()} or {@code isOpen()},
 * of an {@code instanceof} of a session type on a tracked value, a caught exception (by the set of types it may be),
 * a boolean field the method reads and never writes (by its index), or anything else.
 */
final class FlowValue implements Value {
    enum Kind { OTHER, NULL, SESSION, CAPTURER, NEW, LAMBDA, RETURN_ADDRESS, CONSTANT, SESSION_STATE, TYPE_TEST, CAUGHT, FLAG }

    static final FlowValue OTHER = new FlowValue(Kind.OTHER, 1, -1);
    static final FlowValue OTHER_WIDE = new FlowValue(Kind.OTHER, 2, -1);
    static final FlowValue NULL = new FlowValue(Kind.NULL, 1, -1);
    /** The object a constructor builds ({@code this}): otherwise any value, watched for where it goes. */
    static final FlowValue THIS = new FlowValue(Kind.OTHER, 1, -3);
    /** The object an instance method other than a constructor runs on ({@code this}): any value, known to be its own. */
    static final FlowValue SELF = new FlowValue(Kind.OTHER, 1, -4);

    final Kind kind;
    final int size;
    /**
     * The site of a session, a capturer or a type test, the instruction index of a NEW or a lambda's invokedynamic,
     * the target of a return address, the value of a constant, {@code site * 2 + (1 if true means closed)} of a session
     * state, the type set of a caught exception, or the index of a flag field.
     */
    final int id;
    /**
     * Of a session: {@link #PENDING} when the value is a pipeline that hands the session out later (a {@code Publisher},
     * a {@code Uni}, a future). Of a capturer made by a lambda: its invokedynamic's index times 256 plus the position of
     * the session among the captured values. Else -1.
     */
    final int aux;

    static final int PENDING = 1;

    private FlowValue(Kind kind, int size, int id) {
        this(kind, size, id, -1);
    }

    private FlowValue(Kind kind, int size, int id, int aux) {
        this.kind = kind;
        this.size = size;
        this.id = id;
        this.aux = aux;
    }

    static FlowValue session(int site) {
        return new FlowValue(Kind.SESSION, 1, site);
    }

    /** A pipeline that hands out the session of the site (the {@code Publisher} of {@code ConnectionFactory#create()}). */
    static FlowValue pending(int site) {
        return new FlowValue(Kind.SESSION, 1, site, PENDING);
    }

    static FlowValue capturer(int site) {
        return new FlowValue(Kind.CAPTURER, 1, site);
    }

    /** A lambda (invokedynamic at {@code insn}) that captured the session of the site as its captured value {@code position}. */
    static FlowValue lambdaCapturer(int site, int insn, int position) {
        return new FlowValue(Kind.CAPTURER, 1, site, insn * 256 + position);
    }

    boolean isPending() {
        return kind == Kind.SESSION && aux == PENDING;
    }

    /** The invokedynamic of a lambda capturer, or -1. */
    int lambdaInsn() {
        return kind == Kind.CAPTURER && aux >= 0 ? aux / 256 : -1;
    }

    /** The position of the session among a lambda capturer's captured values. */
    int capturedPosition() {
        return aux % 256;
    }

    static FlowValue lambda(int insn) {
        return new FlowValue(Kind.LAMBDA, 1, insn);
    }

    /** The result of {@code instanceof} a session type on the tracked value of a site. */
    static FlowValue typeTest(int site) {
        return new FlowValue(Kind.TYPE_TEST, 1, site);
    }

    static FlowValue newObject(int insn) {
        return new FlowValue(Kind.NEW, 1, insn);
    }

    static FlowValue returnAddress(int target) {
        return new FlowValue(Kind.RETURN_ADDRESS, 1, target);
    }

    static FlowValue constant(int value) {
        return new FlowValue(Kind.CONSTANT, 1, value);
    }

    /** The result of {@code isClosed()} ({@code trueMeansClosed}) or {@code isOpen()} on the session of a site. */
    static FlowValue sessionState(int site, boolean trueMeansClosed) {
        return new FlowValue(Kind.SESSION_STATE, 1, site * 2 + (trueMeansClosed ? 1 : 0));
    }

    static FlowValue caught(int typeSet) {
        return new FlowValue(Kind.CAUGHT, 1, typeSet);
    }

    /** A boolean field the method reads and never writes, whose value this path does not know yet. */
    static FlowValue flag(int index) {
        return new FlowValue(Kind.FLAG, 1, index);
    }

    static FlowValue other(int size) {
        return size == 2 ? OTHER_WIDE : OTHER;
    }

    /** Whether the value stands for the session of its site: the session itself, or an object that captured it. */
    boolean isSession() {
        return kind == Kind.SESSION || kind == Kind.CAPTURER;
    }

    boolean isCapturer() {
        return kind == Kind.CAPTURER;
    }

    @Override
    public int getSize() {
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowValue v && v.kind == kind && v.size == size && v.id == id && v.aux == aux;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, size, id, aux);
    }
}
