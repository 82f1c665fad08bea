/**
 * Sessions per user: sign out everywhere, a user's devices, and the records behind them. The user is the value under
 * {@code SESSION_USER_KEY} ({@code _user_id}, Flask-Login's key); everything here is off unless
 * {@code SESSION_TRACK_USERS} is on.
 */
package dev.flasksession.users;
