package dev.flasksession.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** HKDF-SHA256 against RFC 5869's own test vectors (appendix A). */
class HkdfTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void rfc5869TestCase1() {
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        byte[] salt = hex("000102030405060708090a0b0c");
        byte[] info = hex("f0f1f2f3f4f5f6f7f8f9");
        byte[] prk = Hkdf.extract(salt, ikm);
        assertArrayEquals(hex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"), prk);
        assertArrayEquals(hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
                Hkdf.expand(prk, info, 42));
    }

    /** The case the sealer relies on: no salt means HashLen zero bytes. */
    @Test
    void rfc5869TestCase3WithoutSaltOrInfo() {
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        assertArrayEquals(hex("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04"), Hkdf.extract(null, ikm));
        assertArrayEquals(hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
                Hkdf.derive(new byte[0], ikm, null, 42));
    }

    @Test
    void lengthsOutsideTheRfcAreRefused() {
        byte[] prk = new byte[32];
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(prk, null, 255 * 32 + 1));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(new byte[31], null, 32));
    }
}
