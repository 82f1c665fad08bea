package dev.flasksession.redis;

import static org.junit.jupiter.api.Assertions.assertSame;

import dev.flasksession.cdi.SessionConfigProducer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

@EnableWeld
class RedisClientsCdiTest {
    /** Connects lazily, so no server is needed to prove which client is used. */
    static final JedisPooled OWN = new JedisPooled("127.0.0.1", 1);

    /** The application's own client. */
    @ApplicationScoped
    static class OwnClient {
        @Produces
        UnifiedJedis client() {
            return OWN;
        }
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(SessionConfigProducer.class, RedisClients.class, OwnClient.class,
            RedisSessionInterface.class).build();

    @Test
    void anApplicationsOwnClientIsUsed() {
        assertSame(OWN, weld.select(RedisClients.class).get().client());
    }
}
