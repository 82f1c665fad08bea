package dev.flasksession.sample;

import jakarta.ws.rs.SeBootstrap;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the sample on the embedded server (RESTEasy, Weld, Undertow), its classes and its {@code beans.xml} in one
 * bean archive and the library in others, as in a WAR. Listens on {@code 127.0.0.1:$PORT}.
 */
public final class SampleMain {
    private SampleMain() {
    }

    /**
     * @param args ignored
     * @throws Exception when the server does not start; the process then exits with status 1
     */
    public static void main(String[] args) throws Exception {
        // Only the application's own resource: the library's filter comes in through ServiceLoader
        // (dev.flasksession.jaxrs.FlaskSessionFeature), as Jakarta REST 3.1 allows.
        Set<Class<?>> classes = Set.of(SampleResource.class);
        Application app = new Application() {
            @Override
            public Set<Class<?>> getClasses() {
                return classes;
            }
        };
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        try {
            SeBootstrap.start(app, SeBootstrap.Configuration.builder().host("127.0.0.1").port(port).rootPath("/").build())
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("sample failed to start: " + (e.getCause() != null ? e.getCause() : e));
            System.exit(1);
        }
        System.out.println("sample listening on http://127.0.0.1:" + port + "/");
        new CountDownLatch(1).await();
    }
}
