package dev.flasksession.config;

/** A setting has a value this library cannot use; the message names the setting and the accepted values. */
public class SessionConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String setting;

    /**
     * @param setting the setting's name, e.g. {@code PERMANENT_SESSION_LIFETIME}
     * @param message what is wrong and what would be accepted
     */
    public SessionConfigException(String setting, String message) {
        super(setting + ": " + message);
        this.setting = setting;
    }

    /** @return the name of the offending setting */
    public String setting() {
        return setting;
    }
}
