/**
 * Flask 3.1's message flashing ({@code flask/helpers.py}: {@code flash} and {@code get_flashed_messages}) over the
 * shared session, so a message left by either side is shown once by the other. {@link dev.flasksession.flash.Flashes}
 * holds what one request has taken out, as Flask's request context does; {@link dev.flasksession.flash.CurrentFlashes}
 * is the one of the current request, for injection.
 */
package dev.flasksession.flash;
