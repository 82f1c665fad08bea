package dev.flasksession.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flasksession.config.ConfigSource;
import dev.flasksession.config.SessionConfig;
import dev.flasksession.config.SessionConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The core alone has no store: naming one says which artifact to add, instead of failing on a missing class. */
class SessionTypeTest {
    @Test
    void aStoreWhoseArtifactIsAbsentFailsNamingTheSettingAndTheArtifact() {
        SessionConfig config = SessionConfig.from(ConfigSource.of(Map.of()));
        for (Map.Entry<SessionType, String> e : Map.of(SessionType.REDIS, "redis", SessionType.SQLALCHEMY, "jdbc")
                .entrySet()) {
            SessionConfigException failure = assertThrows(SessionConfigException.class,
                    () -> e.getKey().create(config, null));
            assertEquals("SESSION_TYPE", failure.setting());
            assertTrue(failure.getMessage().contains("dev.flasksession:flask-session-" + e.getValue()),
                    failure.getMessage());
        }
    }
}
