/**
 * Settings under Flask's own names ({@code SECRET_KEY}, {@code SESSION_COOKIE_NAME},
 * {@code PERMANENT_SESSION_LIFETIME}, ...), with Flask's defaults, parsed and validated once at startup.
 *
 * <p>Each setting is a {@link dev.flasksession.config.Setting}, declared once in the table of its concern (a
 * {@link dev.flasksession.config.SettingsTable}): Flask's own ({@link dev.flasksession.config.FlaskSessionSettings}),
 * the payload's limits ({@link dev.flasksession.config.SessionPayloadSettings}), the timeouts
 * ({@link dev.flasksession.config.SessionTimeoutSettings}), user tracking
 * ({@link dev.flasksession.config.UserTrackingSettings}), the request filter
 * ({@link dev.flasksession.config.RequestFilterSettings}) and the server-side only
 * ({@link dev.flasksession.config.ServerSideSessionSettings}). A new concern (Flask-Login's {@code REMEMBER_*},
 * Flask-WTF's {@code WTF_*}) gets a table class of its own in the same shape.
 *
 * <p>{@link dev.flasksession.config.SessionConfig} is the immutable aggregate every backend is built with; a backend
 * refuses a value set in a table it does not read. A {@link dev.flasksession.config.ConfigSource} says where raw
 * values come from (system properties, then environment variables, by default). A bad value fails with a
 * {@link dev.flasksession.config.SessionConfigException} naming the setting and what it accepts.
 */
package dev.flasksession.config;
