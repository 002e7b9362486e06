package dev.multiproc.internal.spawn;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a child JVM learns on its stdin before anything else: the tree's authkey, where to connect
 * back, the token that tells the parent which child is calling, whether it is started to stand by
 * and whether it trains its transport before it reports ready
 * ({@link WarmUpHook}).
 *
 * <p>stdin, not the command line, because a command line is visible to every user of the machine
 * ({@code ps}); and stdin stays open afterwards, so that its end-of-file tells the child its parent
 * is gone.
 *
 * <p>A child started for a known process (not {@code standby}) finds its run request on stdin
 * right after the bootstrap, as a length-prefixed {@link ControlMessage}: stdin is a pipe only its
 * parent writes to, as private as the authenticated connection, and the child then connects back
 * only if it has something to say (see {@link ParentLink#lazy}). A standby child is started before
 * its process is known, and receives the request on its connection.
 */
record Bootstrap(long rootPid, long parentPid, byte[] authkey, Path runtimeDir, Path serverPath, long token,
                 boolean standby, boolean train) {
    private static final int MAGIC = 0x4d50424f; // "MPBO"

    void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeLong(rootPid);
        out.writeLong(parentPid);
        out.writeInt(authkey.length);
        out.write(authkey);
        out.writeUTF(runtimeDir.toString());
        out.writeUTF(serverPath.toString());
        out.writeLong(token);
        out.writeBoolean(standby);
        out.writeBoolean(train);
        out.flush();
    }

    static Bootstrap read(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException("not started by multiproc: stdin does not begin with the bootstrap record");
        }
        long rootPid = in.readLong();
        long parentPid = in.readLong();
        byte[] key = new byte[in.readInt()];
        in.readFully(key);
        Path runtimeDir = Path.of(in.readUTF());
        Path serverPath = Path.of(in.readUTF());
        long token = in.readLong();
        boolean standby = in.readBoolean();
        return new Bootstrap(rootPid, parentPid, key, runtimeDir, serverPath, token, standby, in.readBoolean());
    }

    /** Writes the run request of a child that is not {@code standby}, after its bootstrap. */
    static void writeRequest(DataOutputStream out, byte[] request) throws IOException {
        out.writeInt(request.length);
        out.write(request);
        out.flush();
    }

    /** Reads what {@link #writeRequest} wrote. */
    static byte[] readRequest(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("corrupt run request on stdin: length " + length);
        }
        byte[] request = in.readNBytes(length);
        if (request.length != length) {
            throw new IOException("stdin ended inside the run request (" + request.length + " of " + length + " bytes)");
        }
        return request;
    }
}
