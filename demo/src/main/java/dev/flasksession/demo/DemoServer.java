package dev.flasksession.demo;

import dev.flasksession.session.SecureCookieSessionInterface;
import jakarta.ws.rs.SeBootstrap;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Starts the demo on {@code 127.0.0.1:$PORT} (default 8080). Settings come from the environment under Flask's names;
 * without {@code SECRET_KEY} a random one is made for this run, with a warning, so sessions do not survive a restart.
 */
public final class DemoServer {
    private DemoServer() {
    }

    /**
     * @param args ignored; configure with environment variables or system properties
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        generateSecretIfMissing();
        startOrExit(Set.of());
        new CountDownLatch(1).await();
    }

    /**
     * Starts the server and returns once it listens; requests that arrive while the application is still being
     * deployed wait for it (see {@link ReadinessGate}) rather than get a 404.
     *
     * @param extraClasses more JAX-RS classes to serve beside the demo's
     * @return the running instance
     * @throws Exception when the server cannot start, bad settings included
     */
    public static SeBootstrap.Instance start(Set<Class<?>> extraClasses) throws Exception {
        String host = setting("HOST") == null ? "127.0.0.1" : setting("HOST");
        int port = setting("PORT") == null ? 8080 : Integer.parseInt(setting("PORT"));
        SeBootstrap.Configuration config = SeBootstrap.Configuration.builder()
                .host(host).port(port).rootPath("/").build();
        SeBootstrap.Instance instance = SeBootstrap.start(new DemoApplication(extraClasses), config)
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        ReadinessGate.open();
        System.out.println("flask-session demo listening on http://" + host + ":" + port + "/ (cookie salt "
                + SecureCookieSessionInterface.SALT + ")");
        return instance;
    }

    /**
     * Starts the server, or prints why it could not start (a bad setting names itself) and exits with status 1.
     *
     * @param extraClasses more JAX-RS classes to serve beside the demo's
     * @return the running instance
     */
    public static SeBootstrap.Instance startOrExit(Set<Class<?>> extraClasses) {
        try {
            return start(extraClasses);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            System.err.println("flask-session demo failed to start: " + cause);
            System.exit(1);
            throw new IllegalStateException(cause);
        }
    }

    /**
     * Without {@code SECRET_KEY} (and unless {@code SESSION_TYPE=null}), makes a random key for this run and warns
     * on stderr: sessions then do not survive a restart.
     */
    public static void generateSecretIfMissing() {
        if (setting("SECRET_KEY") == null && !"null".equalsIgnoreCase(setting(BackendSelector.SESSION_TYPE))) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            System.setProperty("SECRET_KEY", Base64.getUrlEncoder().withoutPadding().encodeToString(key));
            System.err.println("WARNING: SECRET_KEY is not set; using a random key for this run. Sessions will not "
                    + "survive a restart, and other services cannot read them. Set SECRET_KEY to share sessions.");
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
