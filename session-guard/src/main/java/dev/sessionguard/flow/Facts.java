package dev.sessionguard.flow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * What one exploration learns as it goes; {@link Tracking} turns it into the immutable answer of its question. Of
 * several leaks or escapes of one site, the one first in bytecode order is kept: the finding names a path that is
 * really taken.
 */
final class Facts {
    final List<MethodFlow.Site> sites = new ArrayList<>();
    private final Map<Integer, MethodFlow.Leak> leaks = new LinkedHashMap<>();
    private final Map<Integer, MethodFlow.Escape> escapes = new LinkedHashMap<>();
    /** Sessions a constructor kept in its own fields when an exception left it: lost, unless the object escaped. */
    private final Map<Integer, MethodFlow.Escape> unbuilt = new LinkedHashMap<>();
    private boolean thisEscapes;
    /** The sites a constructor stored into a field of its own object. */
    private final Set<Integer> keptByThis = new HashSet<>();
    private final Map<Integer, Integer> closeLines = new LinkedHashMap<>();
    private final List<FieldStore> fieldStores = new ArrayList<>();
    private final Map<Integer, MethodFlow.Overwrite> overwrites = new TreeMap<>();
    /** Stores by site, and the sites not closed at some normal exit (a stored one is then no short-lived session). */
    private final Map<Integer, List<FieldStore>> storesBySite = new LinkedHashMap<>();
    private final Set<Integer> keptAtExit = new HashSet<>();
    private final Set<String> thrown = new TreeSet<>();
    /** The sites a unit of work opened through its own source on itself, and the sites handed out at a normal exit. */
    private final Set<Integer> ownSessions = new HashSet<>();
    private final Set<Integer> handedOut = new HashSet<>();
    private boolean returns;
    private boolean returnsOnlyFreshSessions = true;
    private boolean parameterReachedExit;
    private boolean parameterClosedOnAllPaths = true;
    private boolean parameterReturnedOnAllPaths = true;
    private boolean parameterTakenOnAllPaths = true;
    private String failure;
    private final Map<Integer, String> unfollowed = new TreeMap<>();

    void leak(int site, MethodFlow.Leak leak) {
        MethodFlow.Leak known = leaks.get(site);
        if (known == null || leak.insn() < known.insn()) {
            leaks.put(site, leak);
        }
    }

    void escape(int site, MethodFlow.Escape escape) {
        MethodFlow.Escape known = escapes.get(site);
        if (known == null || escape.insn() < known.insn()) {
            escapes.put(site, escape);
        }
    }

    /** Rewrites how each escape is named, once the exploration is complete (a rethrow by its origin). */
    void renameEscapes(BiFunction<Integer, MethodFlow.Escape, MethodFlow.Escape> rename) {
        escapes.replaceAll(rename);
        unbuilt.replaceAll(rename);
    }

    /** An exception leaves the constructor while its object keeps the session of {@code site} in a field. */
    void unbuilt(int site, MethodFlow.Escape escape) {
        MethodFlow.Escape known = unbuilt.get(site);
        if (known == null || escape.insn() < known.insn()) {
            unbuilt.put(site, escape);
        }
    }

    void keptByThis(int site) {
        keptByThis.add(site);
    }

    boolean isKeptByThis(int site) {
        return keptByThis.contains(site);
    }

    /** Whether the method (a constructor) stored any session into a field of its own object. */
    boolean keepsAnyByThis() {
        return !keptByThis.isEmpty();
    }

    /** The constructor's object is given to someone (an argument, a field, a capture): it may live on when it throws. */
    void thisEscapes() {
        thisEscapes = true;
    }

    void closed(int site, int line) {
        closeLines.putIfAbsent(site, line);
    }

    void storedInField(FieldStore store) {
        fieldStores.add(store);
    }

    /** A fresh session of {@code site} stored into a field: the method keeps it beyond itself unless it closes it. */
    void storedInField(int site, FieldStore store) {
        List<FieldStore> stores = storesBySite.computeIfAbsent(site, s -> new ArrayList<>());
        if (!stores.contains(store)) {
            stores.add(store);
        }
    }

    void keptAtExit(int site) {
        keptAtExit.add(site);
    }

    void overwrite(MethodFlow.Overwrite o) {
        overwrites.putIfAbsent(o.insn(), o);
    }

    private List<FieldStore> allFieldStores() {
        List<FieldStore> all = new ArrayList<>(fieldStores);
        storesBySite.forEach((site, stores) -> stores.forEach(st -> all.add(keptAtExit.contains(site)
                ? st : new FieldStore(st.owner(), st.name(), st.line(), true))));
        return all;
    }

    void mayThrow(Set<String> types) {
        thrown.addAll(types);
    }

    /** A normal exit that returns a value: a tracked session or anything else. */
    void returnsValue(boolean session) {
        returns = true;
        returnsOnlyFreshSessions &= session;
    }

    /** A return of a tracked session that is no longer open here (closed, or handed on before). */
    void returnsSessionNotOpen() {
        returnsOnlyFreshSessions = false;
    }

    void parameterAtExit(boolean closed, boolean returned, boolean taken) {
        parameterReachedExit = true;
        parameterClosedOnAllPaths &= closed;
        parameterReturnedOnAllPaths &= returned;
        parameterTakenOnAllPaths &= closed || taken;
    }

    void ownSession(int site) {
        ownSessions.add(site);
    }

    void handedOut(int site) {
        handedOut.add(site);
    }

    /** A unit of work's own session, used and never handed out: its close() answers for it, not the method. */
    private boolean isUnitsOwn(int site) {
        return ownSessions.contains(site) && !handedOut.contains(site);
    }

    void parameterLost() {
        parameterClosedOnAllPaths = false;
        parameterTakenOnAllPaths = false;
    }

    /** The session of the site went where the analysis cannot follow it: the first reason is kept. */
    void unfollowed(int site, String why) {
        unfollowed.putIfAbsent(site, why);
    }

    void failed(String why) {
        failure = why;
    }

    MethodFlow.Sessions sessions() {
        Map<Integer, MethodFlow.Leak> lost = new LinkedHashMap<>(leaks);
        Map<Integer, MethodFlow.Escape> escaped = new LinkedHashMap<>(escapes);
        for (int site : ownSessions) {
            if (isUnitsOwn(site)) {
                lost.remove(site);
                escaped.remove(site);
            }
        }
        if (!thisEscapes) {
            unbuilt.forEach((site, e) -> {
                if (!leaks.containsKey(site) && !escapes.containsKey(site) && !isUnitsOwn(site)) {
                    lost.put(site, new MethodFlow.Leak(e.insn(),
                            new SessionFinding.Loss(SessionFinding.How.UNBUILT, e.escape().line(), e.escape().thrower())));
                }
            });
        }
        return new MethodFlow.Sessions(sites, lost, escaped, closeLines, allFieldStores(),
                List.copyOf(overwrites.values()), returns, returnsOnlyFreshSessions, unfollowed, failure);
    }

    MethodFlow.ParameterFate parameterFate() {
        return new MethodFlow.ParameterFate(parameterReachedExit, parameterClosedOnAllPaths, parameterReturnedOnAllPaths,
                parameterTakenOnAllPaths, escapes.containsKey(0), failure, unfollowed.get(0));
    }

    MethodFlow.MayThrow mayThrow() {
        return new MethodFlow.MayThrow(thrown, failure);
    }
}
