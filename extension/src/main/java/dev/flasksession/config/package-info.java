/**
 * Settings under Flask's own names ({@code SECRET_KEY}, {@code SESSION_COOKIE_NAME},
 * {@code PERMANENT_SESSION_LIFETIME}, ...), with Flask's defaults, parsed and validated once at startup.
 *
 * <p>{@link dev.flasksession.config.SessionConfig} is the immutable result; a
 * {@link dev.flasksession.config.ConfigSource} says where raw values come from (system properties, then
 * environment variables, by default). A bad value fails with a
 * {@link dev.flasksession.config.SessionConfigException} naming the setting and what it accepts.
 */
package dev.flasksession.config;
