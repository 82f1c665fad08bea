package dev.flasksession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.store.ServerSideSession;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FlaskSessionTest {
    private static FlaskSession loaded() {
        return new FlaskSession(Map.of("a", 1, "b", 2), false);
    }

    @Test
    void everyMutationPathMarksModified() {
        List<Consumer<FlaskSession>> mutations = List.of(
                s -> s.put("c", 3),
                s -> s.remove("a"),
                s -> s.clear(),
                s -> s.putAll(Map.of("c", 3)),
                s -> s.keySet().remove("a"),
                s -> s.keySet().removeIf("a"::equals),
                s -> s.values().remove(1),
                s -> s.values().clear(),
                s -> s.entrySet().iterator().next().setValue(9),
                s -> {
                    Iterator<String> it = s.keySet().iterator();
                    it.next();
                    it.remove();
                },
                s -> s.compute("a", (k, v) -> 5),
                s -> s.computeIfAbsent("z", k -> 1),
                s -> s.computeIfPresent("a", (k, v) -> null),
                s -> s.merge("a", 1, (x, y) -> 7),
                s -> s.replaceAll((k, v) -> 0),
                s -> s.replace("a", 4),
                s -> s.putIfAbsent("new", 1),
                s -> s.setPermanent(true),
                FlaskSession::markModified);
        for (int i = 0; i < mutations.size(); i++) {
            FlaskSession s = loaded();
            mutations.get(i).accept(s);
            assertTrue(s.isModified(), "mutation #" + i);
            assertTrue(s.isAccessed(), "mutation #" + i);
        }
    }

    @Test
    void readsMarkAccessedOnly() {
        List<Consumer<FlaskSession>> reads = List.of(s -> s.get("a"), s -> s.containsKey("a"), FlaskSession::size,
                FlaskSession::isEmpty, s -> s.keySet().iterator().hasNext(), FlaskSession::isPermanent,
                s -> s.remove("absent"), s -> s.putIfAbsent("a", 9), s -> s.getOrDefault("x", 1),
                FlaskSession::hasData, s -> s.values().size(), s -> s.forEach((k, v) -> { }), Object::toString);
        for (int i = 0; i < reads.size(); i++) {
            FlaskSession s = loaded();
            reads.get(i).accept(s);
            assertFalse(s.isModified(), "read #" + i);
            assertTrue(s.isAccessed(), "read #" + i);
        }
    }

    @Test
    void everyPublicReadForSessionInterfacesCountsAsAccessToo() {
        List<Consumer<FlaskSession>> reads = List.of(FlaskSession::contents, FlaskSession::wasEmptyWhenOpened,
                FlaskSession::openedFrom, s -> ((ServerSideSession) s).sid());
        for (int i = 0; i < reads.size(); i++) {
            FlaskSession s = new ServerSideSession(Map.of("a", 1), "sid", false);
            assertFalse(s.isAccessed());
            reads.get(i).accept(s);
            assertTrue(s.isAccessed(), "read #" + i);
        }
        assertThrows(UnsupportedOperationException.class, () -> loaded().contents().put("x", 1));
    }

    @Test
    void permanentIsTheUnderscorePermanentKey() {
        FlaskSession s = new FlaskSession();
        assertFalse(s.isPermanent());
        s.setPermanent(true);
        assertEquals(Boolean.TRUE, s.contents().get("_permanent"));
        assertTrue(s.isPermanent());
    }

    @Test
    void nullSessionReadsEmptyAndRefusesWrites() {
        NullSession s = new NullSession();
        assertTrue(s.isEmpty());
        assertEquals(null, s.get("x"));
        List<Consumer<FlaskSession>> writes = List.of(x -> x.put("a", 1), FlaskSession::clear,
                x -> x.putAll(Map.of("a", 1)), x -> x.setPermanent(true), x -> x.computeIfAbsent("a", k -> 1));
        for (Consumer<FlaskSession> w : writes) {
            SessionUnavailableException e = assertThrows(SessionUnavailableException.class, () -> w.accept(s));
            assertTrue(e.getMessage().contains("SECRET_KEY"));
        }
        assertTrue(s.contents().isEmpty());
    }

    @Test
    void changesApplyToWhatOthersStoredMeanwhile() {
        // The change log is the server-side session's, as Spring Session keeps its delta in the store's session.
        ServerSideSession s = new ServerSideSession(Map.of("a", 1, "b", 2), "sid", false);
        s.put("c", 3);
        s.remove("a");
        Map<String, Object> theirs = new java.util.LinkedHashMap<>(Map.of("a", 1, "b", 20, "d", 4));
        assertEquals(Map.of("b", 20, "c", 3, "d", 4), s.applyChangesTo(theirs));

        ServerSideSession cleared = new ServerSideSession(Map.of("a", 1), "sid", false);
        cleared.clear();
        cleared.put("z", 9);
        // Flask-Session's clear keeps the _permanent flag; everything stored before it goes.
        assertEquals(Map.of(FlaskSession.PERMANENT_KEY, false, "z", 9), cleared.applyChangesTo(theirs),
                "a clear drops what was stored before it");

        Map<String, Object> ordered = new java.util.LinkedHashMap<>();
        ordered.put("a", 1);
        ordered.put("b", 2);
        ServerSideSession viaViews = new ServerSideSession(ordered, "sid", false);
        var it = viaViews.entrySet().iterator();
        var first = it.next();
        first.setValue(10);
        it.next();
        it.remove();
        assertEquals(Map.of("a", 10, "d", 4), viaViews.applyChangesTo(Map.of("a", 1, "b", 2, "d", 4)));
        assertEquals(Map.of("a", 10), viaViews.contents(), "the views write through");

        ServerSideSession nested = new ServerSideSession(Map.of("a", 1, "b", 2), "sid", false);
        nested.markModified();
        assertTrue(nested.isMarkedModified());
        assertEquals(Map.of("a", 5, "d", 4), nested.applyChangesTo(Map.of("a", 5, "d", 4)),
                "markModified() names no key, so no stale copy overwrites what others stored");
        nested.markChangedInside(List.of("b"));
        assertEquals(Map.of("a", 5, "b", 2, "d", 4), nested.applyChangesTo(Map.of("a", 5, "d", 4)),
                "a key the store found changed inside is written");

        ServerSideSession found = new ServerSideSession(Map.of("a", 1), "sid", false);
        found.markChangedInside(List.of("a"));
        assertTrue(found.isModified() && !found.isMarkedModified(), "a key the store names is no markModified()");
    }

    @Test
    void everyWritePathOfAServerSideSessionJoinsItsChangeLog() {
        List<Consumer<ServerSideSession>> writes = List.of(
                s -> s.put("a", 9),
                s -> s.putAll(Map.of("a", 9)),
                s -> s.entrySet().iterator().next().setValue(9),
                s -> s.replaceAll((k, v) -> 9),
                s -> s.compute("a", (k, v) -> 9),
                s -> s.merge("a", 1, (x, y) -> 9),
                s -> s.replace("a", 9));
        for (int i = 0; i < writes.size(); i++) {
            ServerSideSession s = new ServerSideSession(Map.of("a", 1), "sid", false);
            writes.get(i).accept(s);
            assertEquals(Map.of("a", 9), s.applyChangesTo(Map.of("a", 5)), "write #" + i);
        }
        List<Consumer<ServerSideSession>> removals = List.of(
                s -> s.remove("a"),
                s -> s.keySet().remove("a"),
                s -> s.keySet().removeIf("a"::equals),
                s -> s.values().remove(1),
                s -> s.computeIfPresent("a", (k, v) -> null));
        for (int i = 0; i < removals.size(); i++) {
            ServerSideSession s = new ServerSideSession(Map.of("a", 1), "sid", false);
            removals.get(i).accept(s);
            assertEquals(Map.of("d", 4), s.applyChangesTo(Map.of("a", 5, "d", 4)), "removal #" + i);
        }
    }
}
