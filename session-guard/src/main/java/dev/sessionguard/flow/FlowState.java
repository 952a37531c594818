package dev.sessionguard.flow;
import java.util.function.Predicate;
import org.objectweb.asm.tree.analysis.Frame;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * One path's state before an instruction: the abstract frame, what has become of the session of every site, and for
 * every session field the method stores into, the site whose session the field holds.
 */
final class FlowState {
    /**
     * What has become of the session a site opened, on this path. {@code IN_FIELD}: kept in a field, still open (a
     * field's previous value once read counts so too); {@code UNREAD}: a field's previous value, not looked at.
     */
    enum Status { ABSENT, OPEN, CLOSED, HANDED_ON, LEAKED, IN_FIELD, UNREAD }

    final Frame<FlowValue> frame;
    final Status[] status;
    /** Per session field of the method (by its index), the site whose session it holds, or -1: none worth a look. */
    final int[] holds;
    /** Per boolean field the method reads and never writes (by its index): 0 not known on this path, 1 false, 2 true. */
    final byte[] flags;

    FlowState(Frame<FlowValue> frame, Status[] status, int[] holds, byte[] flags) {
        this.frame = frame;
        this.status = status;
        this.holds = holds;
        this.flags = flags;
    }

    FlowState copy() {
        return new FlowState(new Frame<>(frame), status.clone(), holds.clone(), flags.clone());
    }

    /** A copy of the frame with other statuses: the state an exception handler starts from. */
    FlowState withStatus(Status[] other) {
        return new FlowState(new Frame<>(frame), other.clone(), holds.clone(), flags.clone());
    }

    /** What makes two visits of {@code insn} the same: the exploration follows each once. */
    Object key(int insn) {
        FlowValue[] slots = new FlowValue[frame.getLocals() + frame.getStackSize()];
        for (int i = 0; i < frame.getLocals(); i++) {
            slots[i] = frame.getLocal(i);
        }
        for (int i = 0; i < frame.getStackSize(); i++) {
            slots[frame.getLocals() + i] = frame.getStack(i);
        }
        // most methods store no session in a field and test no flag field: their key has neither to compare
        return holds.length == 0 && flags.length == 0 ? List.of(insn, Arrays.asList(slots), Arrays.asList(status))
                : List.of(insn, Arrays.asList(slots), Arrays.asList(status), IntBuffer.wrap(holds.clone()),
                ByteBuffer.wrap(flags.clone()));
    }

    boolean isOpen(int site) {
        return status[site] == Status.OPEN;
    }

    /** Whether the session of the site may be open here: open, or kept open in a field. */
    boolean mayBeOpen(int site) {
        return status[site] == Status.OPEN || status[site] == Status.IN_FIELD;
    }

    boolean anyOpen() {
        for (Status s : status) {
            if (s == Status.OPEN) {
                return true;
            }
        }
        return false;
    }

    /** Whether a local or a stack slot still holds the session of the site (itself or a capturer of it). */
    boolean references(int site) {
        return anySlot(v -> holds(v, site));
    }

    /** Whether a local or a stack slot holds an object that captured the session of the site. */
    boolean holdsCapturerOf(int site) {
        return anySlot(v -> v != null && v.isCapturer() && v.id == site);
    }

    private boolean anySlot(Predicate<FlowValue> test) {
        for (int i = 0; i < frame.getLocals(); i++) {
            if (test.test(frame.getLocal(i))) {
                return true;
            }
        }
        for (int i = 0; i < frame.getStackSize(); i++) {
            if (test.test(frame.getStack(i))) {
                return true;
            }
        }
        return false;
    }

    void replace(FlowValue from, FlowValue to) {
        for (int i = 0; i < frame.getLocals(); i++) {
            if (from.equals(frame.getLocal(i))) {
                frame.setLocal(i, to);
            }
        }
        for (int i = 0; i < frame.getStackSize(); i++) {
            if (from.equals(frame.getStack(i))) {
                frame.setStack(i, to);
            }
        }
    }

    private static boolean holds(FlowValue v, int site) {
        return v != null && v.isSession() && v.id == site;
    }
}
