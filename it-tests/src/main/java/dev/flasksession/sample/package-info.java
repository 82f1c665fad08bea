/**
 * The sample application: the demo's JSON API written against the public API only ({@code @Inject FlaskSession},
 * the interceptors, the events), with the backend chosen in its {@code beans.xml}. It runs on the embedded stack
 * ({@link dev.flasksession.sample.SampleMain}) and is packaged as a WAR for WildFly, Payara,
 * GlassFish, Open Liberty and TomEE.
 */
package dev.flasksession.sample;
