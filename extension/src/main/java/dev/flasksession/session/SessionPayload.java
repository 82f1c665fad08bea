package dev.flasksession.session;

import dev.flasksession.json.JsonDecodeException;
import dev.flasksession.json.TaggedJson;
import dev.flasksession.signing.BadPayloadException;
import dev.flasksession.signing.PayloadSerializer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The session dict as Flask signs it: tagged JSON of a JSON object, UTF-8 encoded. */
final class SessionPayload implements PayloadSerializer<Map<String, Object>> {
    private final TaggedJson json = new TaggedJson();

    @Override
    public byte[] dump(Map<String, Object> value) {
        return json.dumps(value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> load(byte[] payload) throws BadPayloadException {
        Object value;
        try {
            value = json.loads(new String(payload, StandardCharsets.UTF_8));
        } catch (JsonDecodeException e) {
            throw new BadPayloadException("The session payload is not valid tagged JSON", e);
        }
        if (!(value instanceof Map)) {
            throw new BadPayloadException("The session payload is not a JSON object");
        }
        return (Map<String, Object>) value;
    }
}
