package dev.flasksession.cdi;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.config.SessionConfig;
import dev.flasksession.redis.RedisClients;
import dev.flasksession.redis.RedisSessionInterface;
import dev.flasksession.session.SessionInterface;
import java.io.IOException;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Redis backend as the core's CDI wiring finds it, from beans.xml or from SESSION_TYPE, with this artifact. */
class RedisDeploymentTest {
    @AfterEach
    void clear() {
        System.clearProperty("SESSION_REDIS");
        System.clearProperty("SECRET_KEY");
    }

    @Test
    void anUnparsableRedisUrlIsADeploymentProblem() throws IOException {
        System.setProperty("SESSION_REDIS", "redis://:pw@localhost:notaport/0");
        String failure = FlaskSessionExtensionTest.withBeansXml("<class>dev.flasksession.redis.RedisSessionInterface</class>",
                () -> FlaskSessionExtensionTest.deploymentFailure(FlaskSessionExtensionTest.weld(RedisSessionInterface.class,
                        RedisClients.class)));
        assertTrue(failure.contains("SESSION_REDIS"), failure);
        assertTrue(failure.contains("RedisSessionInterface"), failure);
        assertTrue(!failure.contains(":pw@"), "the password is masked: " + failure);
    }

    @Test
    void sessionTypeRedisFindsThisArtifactsBackend() {
        System.setProperty("SECRET_KEY", "a-secret-key-of-enough-length");
        try (WeldContainer c = FlaskSessionExtensionTest.weld(RedisClients.class).initialize()) {
            SessionInterface backend = SessionType.REDIS.create(c.select(SessionConfig.class).get(), c);
            assertInstanceOf(RedisSessionInterface.class, backend);
        }
    }
}
