package dev.multiproc.internal.spawn;

import dev.multiproc.internal.wire.FrameBuilder;
import dev.multiproc.internal.wire.FrameReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary encoding of the messages on a child's control connection.
 *
 * <p>Why not JDK serialization: these messages sit on the start-up path of every child, where the
 * JVM is still interpreting; deserializing a record through {@code ObjectInputStream} was measured
 * at 70-100 ms in a fresh JVM, a field-by-field read at well under 1 ms.
 *
 * <pre>
 *   +-----+--------+
 *   | tag | fields |
 *   +-----+--------+
 *   tag 1: RunRequest    parent to child, once: process (bytes), name (string), identity (i32 count +
 *                        count x i32), daemon (bool), parent name (string), JVM options (i32 count +
 *                        string each), environment (i32 count + string key, string value each),
 *                        classpath (string), prefix output (bool)
 *   tag 2: ExitReport    child to parent, last: exit code (i32), failure (bytes), class name
 *                        (string), trace (string)
 *   tag 3: ClassRequest  child to parent: id (i64), name (string)
 *   tag 4: ClassBytes    parent to child: id (i64), name (string), bytes (bytes, absent: not found),
 *                        searched (string)
 *
 *   bytes:  i32 length (-1: absent) + the bytes
 *   string: i32 length (-1: absent where the field may be absent) + UTF-8
 *   bool:   u8, 0 or 1
 * </pre>
 */
final class ControlMessage {
    static final byte RUN = 1;
    static final byte EXIT = 2;
    static final byte CLASS_REQUEST = 3;
    static final byte CLASS_BYTES = 4;

    private ControlMessage() {
    }

    static byte[] encode(RunRequest r) {
        FrameBuilder out = new FrameBuilder(r.process().length + 512).putByte(RUN)
                .putBlockOrNull(r.process())
                .putString(r.name())
                .putInt(r.identity().length);
        for (int i : r.identity()) {
            out.putInt(i);
        }
        out.putBoolean(r.daemon()).putString(r.parentName());
        ContextSettings s = r.settings();
        out.putInt(s.jvmOptions().size());
        for (String option : s.jvmOptions()) {
            out.putString(option);
        }
        out.putInt(s.environment().size());
        for (Map.Entry<String, String> e : s.environment().entrySet()) {
            out.putString(e.getKey()).putString(e.getValue());
        }
        return out.putStringOrNull(s.classpath()).putBoolean(s.prefixOutput()).toByteArray();
    }

    static byte[] encode(ExitReport r) {
        return new FrameBuilder(256).putByte(EXIT).putInt(r.exitCode()).putBlockOrNull(r.failure())
                .putStringOrNull(r.className()).putStringOrNull(r.trace()).toByteArray();
    }

    static byte[] encode(ClassRequest r) {
        return new FrameBuilder(64).putByte(CLASS_REQUEST).putLong(r.id()).putString(r.name()).toByteArray();
    }

    static byte[] encode(ClassBytes r) {
        return new FrameBuilder(r.bytes() == null ? 256 : r.bytes().length + 256).putByte(CLASS_BYTES)
                .putLong(r.id()).putString(r.name()).putBlockOrNull(r.bytes()).putStringOrNull(r.searched())
                .toByteArray();
    }

    /**
     * Decodes a {@link RunRequest}, {@link ExitReport}, {@link ClassRequest} or {@link ClassBytes}.
     *
     * @throws IllegalStateException when the message is cut short
     * @throws IllegalArgumentException when its tag is unknown
     */
    static Object decode(byte[] message) {
        FrameReader in = new FrameReader(message, "control");
        byte tag = in.getByte();
        if (tag == RUN) {
            byte[] process = in.getBlockOrNull();
            String name = in.getString();
            int[] identity = new int[checkedCount(in, 4)];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = in.getInt();
            }
            boolean daemon = in.getBoolean();
            String parentName = in.getString();
            List<String> options = new ArrayList<>();
            for (int i = checkedCount(in, 2); i > 0; i--) {
                options.add(in.getString());
            }
            Map<String, String> environment = new LinkedHashMap<>();
            for (int i = checkedCount(in, 4); i > 0; i--) {
                environment.put(in.getString(), in.getString());
            }
            ContextSettings settings = new ContextSettings(options, environment, in.getStringOrNull(), in.getBoolean());
            return new RunRequest(process, name, identity, daemon, parentName, settings);
        }
        if (tag == EXIT) {
            return new ExitReport(in.getInt(), in.getBlockOrNull(), in.getStringOrNull(), in.getStringOrNull());
        }
        if (tag == CLASS_REQUEST) {
            return new ClassRequest(in.getLong(), in.getString());
        }
        if (tag == CLASS_BYTES) {
            return new ClassBytes(in.getLong(), in.getString(), in.getBlockOrNull(), in.getStringOrNull());
        }
        throw new IllegalArgumentException("unknown control message tag " + tag);
    }

    /** A count of items of at least {@code minBytes} each, which the bytes left must be able to hold. */
    private static int checkedCount(FrameReader in, int minBytes) {
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / minBytes) {
            throw new IllegalStateException("corrupt control message: " + count + " items in "
                    + in.remaining() + " bytes");
        }
        return count;
    }
}
