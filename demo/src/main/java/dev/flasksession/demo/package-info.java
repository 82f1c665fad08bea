/**
 * The runnable sample: RESTEasy and Weld on an embedded Undertow serving a small HTML page and a JSON API over the
 * Flask session. {@link dev.flasksession.demo.DemoServer} is the entry point; {@code SESSION_TYPE} chooses the
 * backend.
 */
package dev.flasksession.demo;
