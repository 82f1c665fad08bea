/**
 * The server-side template both Flask-Session stores (Redis, SQL) are built on: the id in the cookie and its signing
 * ({@link dev.flasksession.store.ServerSideCookies}), new, regenerated and expired sessions
 * ({@link dev.flasksession.store.ServerSideSessionInterface}, which opens and saves over a store's few operations,
 * and {@link dev.flasksession.store.ServerSideSession}, with its change log), what a save left
 * ({@link dev.flasksession.store.SaveOutcome}), a store's outages and refusals in the log and as 503s
 * ({@link dev.flasksession.store.StoreOutages}),
 * the settings every store reads ({@link dev.flasksession.store.SharedSettings}), and msgspec's two formats, in the
 * exact bytes Flask-Session writes ({@link dev.flasksession.store.SerializationFormat},
 * {@link dev.flasksession.store.Msgpack}, {@link dev.flasksession.store.MsgspecJson}). Pickled data is never read.
 *
 * <p>A store package builds on this one and never on another store. Shipped as
 * {@code dev.flasksession:flask-session-store}, the only artifact that needs msgpack-core, so that an application
 * using only cookie sessions carries none of it.
 */
package dev.flasksession.store;
