package dev.sessionguard.flow;

/** A method the data-flow analysis could not analyse: SG002 and SG003 were not checked there. */
public record FlowWarning(String className, String member, String reason) {
    public String message() {
        return "session-guard: warning: " + className + "#" + member + " could not be analysed (" + reason
                + "); SG002/SG003 are not checked there";
    }
}
