package dev.flasksession.config;

import java.util.Locale;

/** The {@code SameSite} cookie attribute values Werkzeug accepts. */
public enum SameSite {
    /** Sent only on same-site requests. */
    STRICT("Strict"),
    /** Sent on same-site requests and top-level navigations. */
    LAX("Lax"),
    /** Sent on cross-site requests too; browsers require {@code Secure} with it. */
    NONE("None");

    private final String attribute;

    SameSite(String attribute) {
        this.attribute = attribute;
    }

    /** @return the attribute value as written in {@code Set-Cookie} */
    public String attribute() {
        return attribute;
    }

    /**
     * @param value {@code Strict}, {@code Lax} or {@code None}, in any case (Werkzeug title-cases it)
     * @return the value
     * @throws SessionConfigException naming {@code SESSION_COOKIE_SAMESITE} for anything else
     */
    public static SameSite parse(String value) {
        for (SameSite s : values()) {
            if (s.attribute.toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new SessionConfigException(SessionConfig.SESSION_COOKIE_SAMESITE,
                "'" + value + "' is not accepted; use Strict, Lax or None, or leave it unset for no SameSite attribute");
    }
}
