package dev.flasksession.users;

import java.util.Objects;
import java.util.Optional;

/**
 * One "sign out everywhere" of a user: every session of the user that began at or before {@code epochSecond} is
 * ended, unless it carries this record's {@code id} (it signed in after the sign-out, within the same second, or was
 * the one kept by "sign out everywhere else"), or is the server-side session named by {@code keptHandle}.
 *
 * @param epochSecond when it happened, in whole seconds since the epoch
 * @param id          a random id that orders the sign-out exactly against sign-ins in the same second
 * @param keptHandle  the {@link dev.flasksession.session.ServerSideSession#handle() handle} of the server-side
 *                    session kept by "everywhere else"; empty otherwise
 */
public record SignOut(long epochSecond, String id, Optional<String> keptHandle) {
    /**
     * @throws NullPointerException     when {@code id} or {@code keptHandle} is null
     * @throws IllegalArgumentException when the id is empty or holds a space, which the stored form separates on
     */
    public SignOut {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keptHandle, "keptHandle");
        if (id.isEmpty() || id.contains(" ") || keptHandle.filter(h -> h.isEmpty() || h.contains(" ")).isPresent()) {
            throw new IllegalArgumentException("A sign-out id and handle are non-empty and hold no space");
        }
    }

    /** @return this record as one line of text: {@code "<epochSecond> <id>[ <keptHandle>]"}, for a store to keep */
    public String toText() {
        return epochSecond + " " + id + keptHandle.map(h -> " " + h).orElse("");
    }

    /**
     * Reads what {@link #toText()} wrote. Text that is not such a record (written by something else, or damaged)
     * reads as a sign-out at the end of time, so that a record nobody can read never hides a sign-out.
     *
     * @param text a stored record
     * @return the record
     */
    public static SignOut fromText(String text) {
        String[] parts = text.split(" ", -1);
        try {
            long at = Long.parseLong(parts[0]);
            if (at >= 0 && parts.length >= 2 && parts.length <= 3) {
                return new SignOut(at, parts[1], parts.length == 3 ? Optional.of(parts[2]) : Optional.empty());
            }
        } catch (IllegalArgumentException e) {
            // falls through: unreadable
        }
        return new SignOut(Long.MAX_VALUE, "unreadable", Optional.empty());
    }
}
