package dev.flasksession.jaxrs;

import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the peer's address (Flask's {@code request.remote_addr}) comes from, since JAX-RS has no standard way to ask:
 * RESTEasy's own request, the servlet request (a CDI bean in every Jakarta EE web container), or Vert.x's request
 * (a CDI bean in Quarkus). Each source is used only when its classes are on the classpath; the first that answers
 * wins. Built once per filter (the beans are selected then), asked once per request, while the request filter runs.
 */
final class RemoteAddresses {
    private static final Logger LOG = Logger.getLogger(RemoteAddresses.class.getName());

    private final List<Supplier<String>> sources = new ArrayList<>();

    /** @param beans the CDI beans, for the sources that are beans */
    RemoteAddresses(Instance<Object> beans) {
        if (present("org.jboss.resteasy.core.ResteasyContext") && present("org.jboss.resteasy.spi.HttpRequest")) {
            sources.add(ResteasyRemoteAddress::current);
        }
        if (present("jakarta.servlet.http.HttpServletRequest")) {
            sources.add(ServletRemoteAddress.of(beans));
        }
        if (present("io.vertx.core.http.HttpServerRequest")) {
            sources.add(VertxRemoteAddress.of(beans));
        }
    }

    /** @return the current request's peer address, or {@code null} when no source knows it */
    String current() {
        for (Supplier<String> source : sources) {
            try {
                String address = source.get();
                if (address != null && !address.isEmpty()) {
                    return address;
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.FINE, "A source of the remote address did not answer", e);
            }
        }
        return null;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, RemoteAddresses.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Kept apart so that its RESTEasy types load only where RESTEasy is there. */
    private static final class ResteasyRemoteAddress {
        static String current() {
            org.jboss.resteasy.spi.HttpRequest request =
                    org.jboss.resteasy.core.ResteasyContext.getContextData(org.jboss.resteasy.spi.HttpRequest.class);
            return request == null ? null : request.getRemoteAddress();
        }
    }

    /** Kept apart so that its servlet types load only where the servlet API is there. */
    private static final class ServletRemoteAddress {
        static Supplier<String> of(Instance<Object> beans) {
            Instance<jakarta.servlet.http.HttpServletRequest> request =
                    beans.select(jakarta.servlet.http.HttpServletRequest.class);
            return () -> request.isResolvable() ? request.get().getRemoteAddr() : null;
        }
    }

    /** Kept apart so that its Vert.x types load only where Vert.x is there. */
    private static final class VertxRemoteAddress {
        static Supplier<String> of(Instance<Object> beans) {
            Instance<io.vertx.core.http.HttpServerRequest> request =
                    beans.select(io.vertx.core.http.HttpServerRequest.class);
            return () -> {
                if (!request.isResolvable()) {
                    return null;
                }
                io.vertx.core.net.SocketAddress address = request.get().remoteAddress();
                return address == null ? null : address.hostAddress();
            };
        }
    }
}
