/**
 * JMH micro-benchmarks of the session codecs (tagged JSON, the itsdangerous signer, msgpack) and of the cookie and
 * Redis session interfaces, on the same small and medium sessions that {@code bench/flask_codec.py} times with Flask's
 * own serializer. Run them with {@code bench/run.sh}; the default build never does.
 */
package dev.flasksession.benchmarks;
