package dev.multiproc.internal.transport;

import org.junit.jupiter.api.Test;

import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The handshake's digest is standard HMAC-SHA256, computed without the JCE framework. */
class HandshakeTest {

    @Test
    void hmacMatchesTheJdksHmacSha256() throws Exception {
        Random random = new Random(42);
        int[] keyLengths = {0, 1, 32, 63, 64, 65, 200};
        int[] messageLengths = {0, 1, 45, 64, 1000};
        for (int keyLength : keyLengths) {
            for (int messageLength : messageLengths) {
                byte[] key = new byte[keyLength];
                byte[] message = new byte[messageLength];
                random.nextBytes(key);
                random.nextBytes(message);
                Mac mac = Mac.getInstance("HmacSHA256");
                // SecretKeySpec refuses an empty key; HMAC defines it as all zeros, as a 1-byte zero key
                mac.init(new SecretKeySpec(keyLength == 0 ? new byte[1] : key, "HmacSHA256"));
                assertArrayEquals(mac.doFinal(message), Handshake.hmac(key, message),
                        "key " + keyLength + " bytes, message " + messageLength + " bytes");
            }
        }
    }

    @Test
    void hmacOfRfc4231TestCase2() {
        byte[] digest = Handshake.hmac("Jefe".getBytes(), "what do ya want for nothing?".getBytes());
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b));
        }
        org.junit.jupiter.api.Assertions.assertEquals(
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", hex.toString());
    }
}
