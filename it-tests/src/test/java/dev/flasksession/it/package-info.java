/**
 * Integration tests of the whole stack: the demo in its own JVM on RESTEasy, Weld and Undertow, driven over HTTP,
 * next to the real Flask 3.1 as a peer holding the same secret key.
 */
package dev.flasksession.it;
