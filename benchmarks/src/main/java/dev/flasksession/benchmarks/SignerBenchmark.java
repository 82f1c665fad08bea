package dev.flasksession.benchmarks;

import dev.flasksession.json.TaggedJson;
import dev.flasksession.session.SecureCookieSessionInterface;
import dev.flasksession.signing.BadSignatureException;
import dev.flasksession.signing.Signer;
import dev.flasksession.signing.TimestampSigner;
import dev.flasksession.signing.UrlSafeTimedSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * itsdangerous' timestamp signer alone, as the session cookie uses it (salt {@code cookie-session}, HMAC-SHA1 with a
 * derived key), on the cookie's base64 payload.
 */
public class SignerBenchmark extends SizedBenchmark {
    private TimestampSigner signer;
    private String payload;
    private String signed;
    private long maxAge;

    /** Builds the signer and a signed value. */
    @Setup
    public void setUp() {
        signer = new TimestampSigner(new Signer(List.of(Sessions.SECRET_KEY.getBytes(StandardCharsets.UTF_8)),
                SecureCookieSessionInterface.SALT), Clock.systemUTC());
        payload = UrlSafeTimedSerializer.encodePayload(
                new TaggedJson().dumps(Sessions.named(size)).getBytes(StandardCharsets.UTF_8));
        signed = signer.sign(payload);
        maxAge = Sessions.config().permanentSessionLifetime().toSeconds();
    }

    /** @return the signed payload */
    @Benchmark
    public String sign() {
        return signer.sign(payload);
    }

    /**
     * @return the payload, its signature and age checked
     * @throws BadSignatureException never: the value was signed in setup
     */
    @Benchmark
    public String verify() throws BadSignatureException {
        return signer.unsign(signed, maxAge);
    }
}
