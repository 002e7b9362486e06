package dev.multiproc.cluster.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * HMAC-SHA256 over the fields of a message, keyed with the authkey that a driver and its members
 * share. Every field is prefixed by its length, so that no two different field lists give the
 * same input (e.g. {@code "ab","c"} and {@code "a","bc"}).
 *
 * <p>Why our own MAC: Hazelcast Community has neither TLS nor member authentication, so anyone who
 * reaches a member's port can send it tasks. A member checks the MAC of every envelope before it
 * reads anything in it but the plain fields the MAC covers, and never deserializes a byte of user
 * data itself (its child JVMs do, after this check).
 *
 * <pre>{@code
 * Signer signer = new Signer(key);
 * byte[] mac = signer.sign(Signer.fields().add("session").add(payload));
 * signer.verify(mac, Signer.fields().add("session").add(payload));   // true
 * }</pre>
 */
public final class Signer {
    /** Bytes of an HMAC-SHA256. */
    public static final int MAC_BYTES = 32;

    private final SecretKeySpec key;
    /** One keyed Mac per thread: finding the provider and keying a Mac cost more than a short message's MAC. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public Signer(byte[] authkey) {
        if (authkey == null || authkey.length == 0) {
            throw new IllegalArgumentException("the authkey is empty");
        }
        this.key = new SecretKeySpec(authkey.clone(), "HmacSHA256");
    }

    public static Fields fields() {
        return new Fields();
    }

    public byte[] sign(Fields fields) {
        Mac mac = macs.get();
        for (Object field : fields.parts) {
            byte[] bytes = field instanceof byte[] ? (byte[]) field : ((String) field).getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            mac.update(bytes);
        }
        return mac.doFinal(); // which also resets it for the thread's next message
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** Constant-time comparison, so that the time taken tells an attacker nothing about the MAC. */
    public boolean verify(byte[] mac, Fields fields) {
        return mac != null && MessageDigest.isEqual(mac, sign(fields));
    }

    /** The fields a MAC covers, in order: strings (as UTF-8), byte arrays and numbers. */
    public static final class Fields {
        private final java.util.List<Object> parts = new java.util.ArrayList<>();

        public Fields add(String value) {
            parts.add(value == null ? "" : value);
            return this;
        }

        public Fields add(byte[] value) {
            parts.add(value == null ? new byte[0] : value);
            return this;
        }

        public Fields add(long value) {
            parts.add(ByteBuffer.allocate(8).putLong(value).array());
            return this;
        }

        public Fields addAll(byte[][] values) {
            add(values.length);
            for (byte[] value : values) {
                add(value);
            }
            return this;
        }
    }
}
