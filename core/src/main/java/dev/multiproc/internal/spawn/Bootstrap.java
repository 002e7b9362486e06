package dev.multiproc.internal.spawn;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a child JVM learns on its stdin before anything else: the tree's authkey, where to connect
 * back, the token that tells the parent which child is calling, whether it is started to stand by
 * (it then finishes its warm-up before it reports ready) and whether it trains its transport first
 * ({@link TransportTraining}).
 *
 * <p>stdin, not the command line, because a command line is visible to every user of the machine
 * ({@code ps}); and stdin stays open afterwards, so that its end-of-file tells the child its parent
 * is gone.
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
}
