package dev.multiproc.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * A member's answer to a {@link ChunkTask}, signed like the task, so that the driver decodes
 * results only from a member that holds the authkey.
 *
 * <pre>
 *   +-----+---+-------+-------------------------------+
 *   | MAC | 0 | count | count x (length, ItemOutcome) |   results, in the chunk's order
 *   +-----+---+-------+-------------------------------+
 *   | MAC | 1 | kind (UTF) | message (UTF)            |   the whole chunk failed
 *   +-----+---+-------+-------------------------------+
 * </pre>
 */
public final class ChunkReply {
    /** Why a whole chunk failed; the driver turns each into its typed exception. */
    public enum Failure { TIMEOUT, WORKER_DIED, CANCELLED, REJECTED, ERROR }

    private final List<byte[]> outcomes;
    private final Failure failure;
    private final String message;

    private ChunkReply(List<byte[]> outcomes, Failure failure, String message) {
        this.outcomes = outcomes;
        this.failure = failure;
        this.message = message;
    }

    public static ChunkReply results(List<byte[]> outcomes) {
        return new ChunkReply(outcomes, null, null);
    }

    public static ChunkReply failed(Failure failure, String message) {
        return new ChunkReply(null, failure, message);
    }

    public List<byte[]> outcomes() {
        return outcomes;
    }

    /** Null when the chunk has results. */
    public Failure failure() {
        return failure;
    }

    public String message() {
        return message;
    }

    public byte[] encode(Signer signer, String session, long chunk) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (failure == null) {
                out.writeByte(0);
                out.writeInt(outcomes.size());
                for (byte[] outcome : outcomes) {
                    out.writeInt(outcome.length);
                    out.write(outcome);
                }
            } else {
                out.writeByte(1);
                out.writeUTF(failure.name());
                out.writeUTF(message.length() > 8000 ? message.substring(0, 8000) : message);
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        byte[] body = bytes.toByteArray();
        byte[] mac = signer.sign(fields(session, chunk, body));
        byte[] signed = Arrays.copyOf(mac, Signer.MAC_BYTES + body.length);
        System.arraycopy(body, 0, signed, Signer.MAC_BYTES, body.length);
        return signed;
    }

    /**
     * Checks the MAC, then reads the reply.
     *
     * @throws SecurityException when the MAC does not match: the reply is not read
     */
    public static ChunkReply decode(byte[] signed, Signer signer, String session, long chunk) {
        if (signed == null || signed.length < Signer.MAC_BYTES + 1) {
            throw new SecurityException("a reply to chunk " + chunk + " without a MAC");
        }
        byte[] mac = Arrays.copyOf(signed, Signer.MAC_BYTES);
        byte[] body = Arrays.copyOfRange(signed, Signer.MAC_BYTES, signed.length);
        if (!signer.verify(mac, fields(session, chunk, body))) {
            throw new SecurityException("the reply to chunk " + chunk + " is not signed with this cluster's authkey");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            if (in.readByte() == 0) {
                int count = in.readInt();
                byte[][] outcomes = new byte[count][];
                for (int i = 0; i < count; i++) {
                    outcomes[i] = in.readNBytes(in.readInt());
                }
                return results(Arrays.asList(outcomes));
            }
            return failed(Failure.valueOf(in.readUTF()), in.readUTF());
        } catch (IOException | IllegalArgumentException e) {
            throw new SecurityException("a corrupt reply to chunk " + chunk + ": " + e, e);
        }
    }

    private static Signer.Fields fields(String session, long chunk, byte[] body) {
        return Signer.fields().add("reply").add(session).add(chunk).add(body);
    }
}
