package dev.flasksession.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.json.Markup;
import dev.flasksession.json.TaggedJson;
import dev.flasksession.json.Tuple;
import dev.flasksession.session.FlaskSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlashesTest {
    @Test
    void aMessageFlashedHereIsReadOnceInTheNextRequest() throws Exception {
        FlaskSession first = new FlaskSession();
        new Flashes(first).flash(new Markup("<b>Saved</b>"), "info");
        String stored = new TaggedJson().dumps(first.contents());
        assertEquals("{\"_flashes\":[{\" t\":[\"info\",{\" m\":\"<b>Saved</b>\"}]}]}", stored);
        @SuppressWarnings("unchecked")
        FlaskSession second = new FlaskSession((Map<String, Object>) new TaggedJson().loads(stored), false);
        Flashes flashes = new Flashes(second);
        assertEquals(List.of(new FlashedMessage("info", new Markup("<b>Saved</b>"))), flashes.consume(List.of()));
        assertFalse(second.containsKey(Flashes.KEY));
        FlaskSession third = new FlaskSession(second.contents(), false);
        assertEquals(List.of(), new Flashes(third).consume(List.of()));
        assertFalse(third.isModified(), "nothing to take, nothing changed");
    }

    @Test
    void aFilterStillTakesEverythingAndLaterCallsSeeTheSameMessages() {
        FlaskSession session = new FlaskSession();
        Flashes flashes = new Flashes(session);
        flashes.flash("a", "error");
        flashes.flash("b");
        assertEquals(List.of("a"), flashes.consume(false, List.of("error")));
        assertFalse(session.containsKey(Flashes.KEY));
        flashes.flash("c");
        assertEquals(List.of(Tuple.of("error", "a"), Tuple.of("message", "b")), flashes.consume(true, List.of()),
                "the messages this request took, as Flask's request context keeps them");
        assertEquals(1, ((List<?>) session.get(Flashes.KEY)).size(), "the new one waits for the next request");
    }

    @Test
    void msgpackListsAndOddEntriesAreRead() {
        List<Object> stored = new ArrayList<>();
        stored.add(Arrays.asList("error", "plain"));
        stored.add("not an entry");
        stored.add(Arrays.asList(null, "no category"));
        stored.add(List.of("x"));
        FlaskSession session = new FlaskSession(Map.of(Flashes.KEY, stored), false);
        Flashes flashes = new Flashes(session);
        assertEquals(List.of(new FlashedMessage("error", "plain"), new FlashedMessage(null, "no category")),
                flashes.consume(List.of()));
        assertEquals(List.of("no category"), flashes.consume(false, Arrays.asList((String) null)));
        assertTrue(session.isModified());
    }

    @Test
    void flashingOntoSomethingElseFailsAsInFlask() {
        FlaskSession session = new FlaskSession(Map.of(Flashes.KEY, "oops"), false);
        assertThrows(IllegalStateException.class, () -> new Flashes(session).flash("x"));
        assertEquals("oops", session.get(Flashes.KEY));
    }
}
