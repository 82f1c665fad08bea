/**
 * The sample application: the demo's JSON API written against the public API only ({@code @Inject FlaskSession},
 * the interceptors, the events), with the backend chosen in its {@code beans.xml}. It runs on the embedded stack
 * ({@link dev.flasksession.sample.SampleMain}), is packaged as WARs for the Jakarta EE servers, and is built as a
 * Quarkus application by {@code quarkus-sample/}.
 */
package dev.flasksession.sample;
