package dev.flasksession.it;

import dev.flasksession.demo.DemoServer;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The demo plus the test-only resources and providers, started in its own JVM by {@link ServerProcess}.
 * {@code GENERATE_SECRET=false} keeps the demo from making a random key, to see the library's own behaviour
 * without {@code SECRET_KEY}.
 */
public final class TestServerMain {
    private TestServerMain() {
    }

    /**
     * @param args ignored
     * @throws InterruptedException never, in practice: the server runs until the process is stopped
     */
    public static void main(String[] args) throws InterruptedException {
        if (!"false".equals(System.getenv("GENERATE_SECRET"))) {
            DemoServer.generateSecretIfMissing();
        }
        DemoServer.startOrExit(Set.of(TestResources.class, TestResources.TeapotMapper.class,
                TestResources.ApplicationRequestFilter.class, TestResources.ApplicationResponseFilter.class,
                TestResources.FirstUseWhileWriting.class, TestResources.ForwardedProto.class));
        new CountDownLatch(1).await();
    }
}
