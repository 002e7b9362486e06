package dev.multiproc.cluster.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * The envelope of one chunk: sent by the driver to one member's executor, it carries the job's
 * function and the chunk's arguments as opaque encoded bytes, and the HMAC that covers them. On
 * the member, {@link MemberRuntime} checks the MAC before it looks at anything else and hands the
 * bytes to its own pool of child JVMs; the reply is a signed {@link ChunkReply}.
 *
 * <p>{@link DataSerializable}, not {@link java.io.Serializable}: Hazelcast reads it field by field
 * through {@link #readData}, so receiving one runs no JDK deserialization at all.
 */
public final class ChunkTask implements Callable<byte[]>, DataSerializable {
    private String session;
    private String owner;
    private long chunk;
    private long timeoutMillis;
    private byte[] function;
    private byte[][] items;
    private byte[] mac;

    /** For Hazelcast, which creates the instance before {@link #readData}. */
    public ChunkTask() {
    }

    public ChunkTask(Signer signer, String session, String owner, long chunk, long timeoutMillis, byte[] function,
                     byte[][] items) {
        this.session = session;
        this.owner = owner;
        this.chunk = chunk;
        this.timeoutMillis = timeoutMillis;
        this.function = function;
        this.items = items;
        this.mac = signer.sign(fields());
    }

    Signer.Fields fields() {
        return Signer.fields().add("chunk").add(session).add(owner).add(chunk).add(timeoutMillis).add(function)
                .addAll(items);
    }

    boolean verify(Signer signer) {
        return signer.verify(mac, fields());
    }

    @Override
    public byte[] call() {
        MemberRuntime runtime = MemberRuntime.current();
        if (runtime == null) {
            // a plain Hazelcast member, not started by dev.multiproc.cluster.Member: no key to check with
            return new byte[0];
        }
        return runtime.run(this);
    }

    String session() {
        return session;
    }

    String owner() {
        return owner;
    }

    long chunk() {
        return chunk;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    byte[] function() {
        return function;
    }

    byte[][] items() {
        return items;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(session);
        out.writeString(owner);
        out.writeLong(chunk);
        out.writeLong(timeoutMillis);
        out.writeByteArray(function);
        out.writeInt(items.length);
        for (byte[] item : items) {
            out.writeByteArray(item);
        }
        out.writeByteArray(mac);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        session = in.readString();
        owner = in.readString();
        chunk = in.readLong();
        timeoutMillis = in.readLong();
        function = in.readByteArray();
        int count = in.readInt();
        if (count < 0 || count > 1 << 24) {
            throw new IOException("a chunk of " + count + " tasks");
        }
        items = new byte[count][];
        for (int i = 0; i < count; i++) {
            items[i] = in.readByteArray();
        }
        mac = in.readByteArray();
    }
}
