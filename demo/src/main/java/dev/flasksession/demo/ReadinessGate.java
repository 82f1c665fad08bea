package dev.flasksession.demo;

import dev.resteasy.embedded.server.UndertowBuilderConfigurator;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.lang.reflect.Field;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds requests until the application is deployed. The embedded RESTEasy server opens its port first and deploys
 * the application after, so a request sent as soon as the port accepts (as load tests and CI scripts send them)
 * would get a 404 from the empty server. Registered as a RESTEasy {@link UndertowBuilderConfigurator} service; opened
 * by {@link DemoServer} once the deployment is complete. It also puts {@link CookieHeaderGuard} in front of the
 * application.
 */
public final class ReadinessGate implements UndertowBuilderConfigurator {
    private static final CountDownLatch READY = new CountDownLatch(1);
    /** Longer than any deployment takes here; a request still waiting then gets a 503 rather than hanging. */
    private static final long MAX_WAIT_SECONDS = 60;

    /** Lets waiting and future requests through. */
    static void open() {
        READY.countDown();
    }

    @Override
    public void configure(Undertow.Builder builder) {
        HttpHandler found = applicationHandler(builder);
        if (found == null) {
            return;
        }
        HttpHandler application = new CookieHeaderGuard(found);
        builder.setHandler(new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws Exception {
                if (READY.getCount() == 0) {
                    application.handleRequest(exchange);
                } else if (exchange.isInIoThread()) {
                    // Waiting blocks, which an I/O thread must never do.
                    exchange.dispatch(this);
                } else if (READY.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    application.handleRequest(exchange);
                } else {
                    exchange.setStatusCode(503);
                    exchange.endExchange();
                }
            }
        });
    }

    /**
     * RESTEasy has set its root handler on the builder before calling configurators, and the builder has no getter
     * for it. If a later Undertow renames the field, the gate stays out of the way rather than break the demo.
     */
    private static HttpHandler applicationHandler(Undertow.Builder builder) {
        try {
            Field handler = Undertow.Builder.class.getDeclaredField("handler");
            handler.setAccessible(true);
            return (HttpHandler) handler.get(builder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("flask-session demo: cannot hold requests until deployment (" + e + ")");
            return null;
        }
    }
}
