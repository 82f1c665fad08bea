package dev.flasksession.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.cdi.SessionConfigProducer;
import dev.flasksession.redis.RedisClients;
import dev.flasksession.redis.RedisSessionInterface;
import dev.flasksession.redis.RedisSignOutStore;
import dev.flasksession.redis.RedisSignOutStores;
import dev.flasksession.session.SecureCookieSessionInterface;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * Which {@link SignOutStore} {@link UserSessions} records sign-outs in, as the container wires it: the application's
 * own bean first, then the library's Redis records when Redis is configured, else none. No Redis server is needed:
 * nothing here sends a command.
 */
class SignOutStoreWiringTest {
    /** An application's own store, for a deployment without Redis. */
    @ApplicationScoped
    static class OwnStore implements SignOutStore {
        @Override
        public Optional<SignOut> lastSignOut(String user) {
            return Optional.empty();
        }

        @Override
        public void signOut(String user, SignOut signOut, long keepForSeconds) {
        }
    }

    @Test
    void anApplicationsOwnStoreWinsOverRedis() {
        with(Map.of("SESSION_REDIS", "redis://127.0.0.1:1/0"), List.of(OwnStore.class), false,
                users -> assertInstanceOf(OwnStore.class, users.store().orElseThrow()));
    }

    @Test
    void sessionRedisGivesCookieBackendsRedisRecords() {
        with(Map.of("SESSION_REDIS", "redis://127.0.0.1:1/0"), List.of(), false,
                users -> assertInstanceOf(RedisSignOutStore.class, users.store().orElseThrow()));
    }

    @Test
    void theRedisBackendKeepsItsRecordsInItsOwnRedis() {
        with(Map.of(), List.of(), true,
                users -> assertInstanceOf(RedisSignOutStore.class, users.store().orElseThrow()));
    }

    @Test
    void withNeitherSigningOutEverywhereNamesBothWays() {
        with(Map.of(), List.of(), false, users -> {
            assertEquals(Optional.empty(), users.store());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> users.signOutEverywhere("ann"));
            assertTrue(e.getMessage().contains("SESSION_REDIS") && e.getMessage().contains("SignOutStore"),
                    e.getMessage());
        });
    }

    @Test
    void theStoreIsChosenOnce() {
        with(Map.of("SESSION_REDIS", "redis://127.0.0.1:1/0"), List.of(), false,
                users -> assertSame(users.store().orElseThrow(), users.store().orElseThrow()));
    }

    private static void with(Map<String, String> settings, List<Class<?>> applicationBeans, boolean redisBackend,
                             Consumer<UserSessions> check) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("SECRET_KEY", "wiring-secret-0123456789");
        all.put("SESSION_TRACK_USERS", "true");
        all.forEach(System::setProperty);
        List<Class<?>> beans = new ArrayList<>(List.of(SessionConfigProducer.class, UserSessions.class,
                RedisSignOutStores.class, RedisClients.class, SecureCookieSessionInterface.class,
                RedisSessionInterface.class));
        beans.addAll(applicationBeans);
        Weld weld = new Weld().disableDiscovery().addBeanClasses(beans.toArray(Class<?>[]::new));
        if (redisBackend) {
            weld.addAlternative(RedisSessionInterface.class);
        }
        try (WeldContainer container = weld.initialize()) {
            check.accept(container.select(UserSessions.class).get());
        } finally {
            all.keySet().forEach(System::clearProperty);
        }
    }
}
