package dev.multiproc.internal.transport;

import dev.multiproc.connection.AuthenticationException;
import dev.multiproc.connection.ConnectionClosedException;
import dev.multiproc.connection.ConnectionException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Mutual HMAC-SHA256 challenge-response, run on every new connection before any object is
 * deserialized (the scheme of Python's {@code multiprocessing.connection}).
 *
 * <pre>
 *   server                                   client
 *   CHALLENGE || 32 random bytes      ---&gt;
 *                                     &lt;---   HMAC(key, challenge)
 *   WELCOME | FAILURE                 ---&gt;
 *                                     &lt;---   CHALLENGE || 32 random bytes
 *   HMAC(key, challenge)              ---&gt;
 *                                     &lt;---   WELCOME | FAILURE
 * </pre>
 *
 * Frames are bounded to 256 bytes until both sides are authenticated, and the whole exchange must
 * be over within {@code multiproc.handshakeSeconds} (20 s), however the peer doles out its bytes,
 * so a stranger can neither exhaust memory nor hold a thread for longer than that.
 */
public final class Handshake {
    public static final int KEY_LENGTH = 32;
    private static final byte[] CHALLENGE = "#MPCHALLENGE#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WELCOME = "#WELCOME#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAILURE = "#FAILURE#".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HANDSHAKE_FRAME = 256;
    /** SHA-256 block size: the HMAC pads the key to it. */
    private static final int BLOCK = 64;

    private Handshake() {
    }

    /** Runs the server side: we challenge first. Throws {@link AuthenticationException} on mismatch. */
    public static void asServer(FramedChannel channel, byte[] key) {
        long deadline = deadline();
        challenge(channel, key, deadline);
        answer(channel, key, deadline);
    }

    /** Runs the client side: we answer first. */
    public static void asClient(FramedChannel channel, byte[] key) {
        long deadline = deadline();
        answer(channel, key, deadline);
        challenge(channel, key, deadline);
    }

    /** Seconds a whole handshake (and a TCP connect) may take: {@code multiproc.handshakeSeconds}, 20 by default. */
    public static long timeoutSeconds() {
        return Long.getLong("multiproc.handshakeSeconds", 20);
    }

    private static long deadline() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds());
    }

    private static void challenge(FramedChannel channel, byte[] key, long deadline) {
        byte[] nonce = new byte[KEY_LENGTH];
        Random.INSTANCE.nextBytes(nonce);
        byte[] message = concat(CHALLENGE, nonce);
        channel.write(message, 0, message.length);
        byte[] response = receive(channel, "the answer to our challenge", deadline);
        if (!MessageDigest.isEqual(response, hmac(key, message))) {
            channel.write(FAILURE, 0, FAILURE.length);
            channel.close();
            throw new AuthenticationException("the peer's answer to the authentication challenge is wrong:"
                    + " it does not hold this process tree's authkey");
        }
        channel.write(WELCOME, 0, WELCOME.length);
    }

    private static void answer(FramedChannel channel, byte[] key, long deadline) {
        byte[] message = receive(channel, "an authentication challenge", deadline);
        if (message.length != CHALLENGE.length + KEY_LENGTH
                || !Arrays.equals(Arrays.copyOf(message, CHALLENGE.length), CHALLENGE)) {
            channel.close();
            throw new AuthenticationException("the peer did not start with an authentication challenge"
                    + " (got " + message.length + " bytes): not a multiproc endpoint");
        }
        byte[] digest = hmac(key, message);
        channel.write(digest, 0, digest.length);
        byte[] verdict = receive(channel, "the verdict on our answer", deadline);
        if (!Arrays.equals(verdict, WELCOME)) {
            channel.close();
            throw new AuthenticationException("the peer rejected our authkey: digest sent was refused");
        }
    }

    private static byte[] receive(FramedChannel channel, String what, long deadline) {
        try {
            byte[] frame = channel.readBefore(MAX_HANDSHAKE_FRAME, deadline);
            if (frame == null) {
                channel.close();
                throw new AuthenticationException("no complete " + what + " within the handshake's "
                        + timeoutSeconds() + " s (multiproc.handshakeSeconds)");
            }
            return frame;
        } catch (AuthenticationException e) {
            throw e;
        } catch (ConnectionClosedException e) {
            // The peer went away (a manager shutting down, a worker dying) before it judged our key:
            // an end of the connection, as Python's EOFError, not a verdict on the key.
            channel.close();
            throw new ConnectionClosedException("the peer closed the connection during the authentication handshake,"
                    + " while we waited for " + what + ": " + e.getMessage());
        } catch (ConnectionException e) {
            channel.close();
            if (e.getCause() instanceof InterruptedException) {
                throw e; // the caller's thread was interrupted: no verdict on anyone's key
            }
            throw new AuthenticationException("authentication failed while waiting for " + what + ": " + e.getMessage());
        }
    }

    /**
     * HMAC-SHA256 (RFC 2104) on {@link MessageDigest}: the same bytes as {@code Mac("HmacSHA256")},
     * without initialising the JCE framework, which cost a fresh child JVM tens of milliseconds of
     * its start-up.
     */
    static byte[] hmac(byte[] key, byte[] message) {
        MessageDigest sha = sha256();
        byte[] k = key.length > BLOCK ? sha.digest(key) : key;
        byte[] inner = new byte[BLOCK];
        byte[] outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            inner[i] = (byte) (b ^ 0x36);
            outer[i] = (byte) (b ^ 0x5c);
        }
        sha.update(inner);
        byte[] innerDigest = sha.digest(message);
        sha.update(outer);
        return sha.digest(innerDigest);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Created on first use: a child that only answers challenges never needs one (its seeding is slow). */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    /**
     * One-way variant for a child calling back its parent: the parent challenges, the child answers.
     * The child need not challenge back, because it learnt where to call from its parent's stdin and
     * the socket lives in a directory only the tree's user can enter; skipping the second round and
     * the random-number generator it needs takes work off every child's start-up path.
     */
    public static void challengeOnly(FramedChannel channel, byte[] key) {
        challenge(channel, key, deadline());
    }

    /** The child's side of {@link #challengeOnly}. */
    public static void answerOnly(FramedChannel channel, byte[] key) {
        answer(channel, key, deadline());
    }

    /** Initialises the digest provider ahead of the first handshake. */
    public static void warmUp() {
        hmac(new byte[KEY_LENGTH], CHALLENGE);
    }

    /** A fresh random authkey. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_LENGTH];
        Random.INSTANCE.nextBytes(key);
        return key;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
