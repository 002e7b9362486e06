package dev.multiproc.cluster.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * A signed order about a driver's session on a member: cancel one running chunk (its task is
 * killed with the child JVM running it), or close the session (its pool of child JVMs exits).
 */
public final class SessionTask implements Callable<Boolean>, DataSerializable {
    /** The chunk number that means "the whole session": close it. */
    public static final long CLOSE = -1;

    private String session;
    private long chunk;
    private byte[] mac;

    /** For Hazelcast, which creates the instance before {@link #readData}. */
    public SessionTask() {
    }

    public SessionTask(Signer signer, String session, long chunk) {
        this.session = session;
        this.chunk = chunk;
        this.mac = signer.sign(fields());
    }

    private Signer.Fields fields() {
        return Signer.fields().add("session").add(session).add(chunk);
    }

    @Override
    public Boolean call() {
        MemberRuntime runtime = MemberRuntime.current();
        if (runtime == null || !runtime.signer().verify(mac, fields())) {
            return false;
        }
        if (chunk == CLOSE) {
            runtime.closeSession(session);
        } else {
            runtime.cancel(session, chunk);
        }
        return true;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(session);
        out.writeLong(chunk);
        out.writeByteArray(mac);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        session = in.readString();
        chunk = in.readLong();
        mac = in.readByteArray();
    }
}
