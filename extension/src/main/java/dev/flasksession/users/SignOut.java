package dev.flasksession.users;

import dev.flasksession.signing.Base64Url;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * One "sign out everywhere" of a user: every session of the user that began at or before it is ended, unless it
 * carries this record's {@code id} (it signed in after the sign-out, within the same second, or was the one kept by
 * "sign out everywhere else"), or is the server-side session named by {@code keptHandle}.
 *
 * @param epochMilli when it happened, in milliseconds since the epoch
 * @param id         a random id that orders the sign-out exactly against sign-ins in the same second
 * @param keptHandle the {@link dev.flasksession.session.FlaskSession#handle() handle} of the server-side
 *                   session kept by "everywhere else"; empty otherwise
 */
public record SignOut(long epochMilli, String id, Optional<String> keptHandle) {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Marks the stored form, which an integer alone (the epoch second, as the first release wrote) is not. */
    private static final String FORM = "v2";

    /**
     * @throws NullPointerException     when {@code id} or {@code keptHandle} is null
     * @throws IllegalArgumentException when the id or handle is empty or holds a space, which the stored form
     *                                  separates on
     */
    public SignOut {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keptHandle, "keptHandle");
        if (id.isEmpty() || id.contains(" ") || keptHandle.filter(h -> h.isEmpty() || h.contains(" ")).isPresent()) {
            throw new IllegalArgumentException("A sign-out id and handle are non-empty and hold no space");
        }
    }

    /**
     * @param epochMilli when it happens
     * @param keptHandle the handle of the session to keep, if any
     * @return a sign-out with a new random id
     */
    public static SignOut now(long epochMilli, Optional<String> keptHandle) {
        return new SignOut(epochMilli, newId(), keptHandle);
    }

    /** @return this record as one line of text, for a store to keep */
    public String toText() {
        return FORM + " " + epochMilli + " " + id + keptHandle.map(h -> " " + h).orElse("");
    }

    /**
     * Reads what {@link #toText()} wrote. An integer alone is a record of the first release, in epoch seconds: it
     * counts to the end of that second. Text that is neither (written by something else, or damaged) reads as a
     * sign-out at the end of time, so that a record nobody can read never hides a sign-out. Neither carries an id any
     * session holds.
     *
     * @param text a stored record
     * @return the record
     */
    public static SignOut fromText(String text) {
        String[] parts = text.split(" ", -1);
        try {
            if (parts.length == 1) {
                long seconds = Long.parseLong(parts[0]);
                if (seconds >= 0 && seconds < Long.MAX_VALUE / 1000) {
                    return new SignOut(seconds * 1000 + 999, newId(), Optional.empty());
                }
            } else if (FORM.equals(parts[0]) && (parts.length == 3 || parts.length == 4)) {
                long at = Long.parseLong(parts[1]);
                if (at >= 0) {
                    return new SignOut(at, parts[2], parts.length == 4 ? Optional.of(parts[3]) : Optional.empty());
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through: unreadable
        }
        return new SignOut(Long.MAX_VALUE, newId(), Optional.empty());
    }

    private static String newId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return Base64Url.encode(id);
    }
}
