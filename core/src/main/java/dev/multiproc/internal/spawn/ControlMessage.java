package dev.multiproc.internal.spawn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary encoding of the messages on a child's control connection.
 *
 * <p>Why not JDK serialization: these messages sit on the start-up path of every child, where the
 * JVM is still interpreting; deserializing a record through {@code ObjectInputStream} was measured
 * at 70-100 ms in a fresh JVM, a {@code DataInputStream} read at well under 1 ms.
 *
 * <pre>
 *   +-----+------------------------------+
 *   | tag | fields (DataOutput encoding) |
 *   +-----+------------------------------+
 *   tag 1: RunRequest    parent to child, once
 *   tag 2: ExitReport    child to parent, last
 *   tag 3: ClassRequest  child to parent: id (long), name (UTF)
 *   tag 4: ClassBytes    parent to child: id (long), name (UTF), bytes (int length, -1: not found),
 *                        searched (int length + UTF-8)
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
        return write(RUN, out -> {
            writeBytes(out, r.process());
            out.writeUTF(r.name());
            out.writeInt(r.identity().length);
            for (int i : r.identity()) {
                out.writeInt(i);
            }
            out.writeBoolean(r.daemon());
            out.writeUTF(r.parentName());
            ContextSettings s = r.settings();
            out.writeInt(s.jvmOptions().size());
            for (String option : s.jvmOptions()) {
                out.writeUTF(option);
            }
            out.writeInt(s.environment().size());
            for (Map.Entry<String, String> e : s.environment().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            writeNullable(out, s.classpath());
            out.writeBoolean(s.prefixOutput());
        });
    }

    static byte[] encode(ExitReport r) {
        return write(EXIT, out -> {
            out.writeInt(r.exitCode());
            writeBytes(out, r.failure());
            writeNullable(out, r.className());
            writeNullable(out, r.trace());
        });
    }

    static byte[] encode(ClassRequest r) {
        return write(CLASS_REQUEST, out -> {
            out.writeLong(r.id());
            out.writeUTF(r.name());
        });
    }

    static byte[] encode(ClassBytes r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(r.bytes() == null ? 256 : r.bytes().length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(CLASS_BYTES);
            out.writeLong(r.id());
            out.writeUTF(r.name());
            writeBytes(out, r.bytes());
            writeNullable(out, r.searched());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a {@link RunRequest}, {@link ExitReport}, {@link ClassRequest} or {@link ClassBytes}. */
    static Object decode(byte[] message) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(message))) {
            byte tag = in.readByte();
            if (tag == RUN) {
                byte[] process = readBytes(in);
                String name = in.readUTF();
                int[] identity = new int[in.readInt()];
                for (int i = 0; i < identity.length; i++) {
                    identity[i] = in.readInt();
                }
                boolean daemon = in.readBoolean();
                String parentName = in.readUTF();
                List<String> options = new ArrayList<>();
                for (int i = in.readInt(); i > 0; i--) {
                    options.add(in.readUTF());
                }
                Map<String, String> environment = new LinkedHashMap<>();
                for (int i = in.readInt(); i > 0; i--) {
                    environment.put(in.readUTF(), in.readUTF());
                }
                ContextSettings settings = new ContextSettings(options, environment, readNullable(in), in.readBoolean());
                return new RunRequest(process, name, identity, daemon, parentName, settings);
            }
            if (tag == EXIT) {
                return new ExitReport(in.readInt(), readBytes(in), readNullable(in), readNullable(in));
            }
            if (tag == CLASS_REQUEST) {
                return new ClassRequest(in.readLong(), in.readUTF());
            }
            if (tag == CLASS_BYTES) {
                return new ClassBytes(in.readLong(), in.readUTF(), readBytes(in), readNullable(in));
            }
            throw new IllegalArgumentException("unknown control message tag " + tag);
        } catch (IOException e) {
            throw new UncheckedIOException("truncated control message of " + message.length + " bytes", e);
        }
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(byte tag, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(tag);
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /** Strings up to 64 KiB as UTF; longer ones (stack traces) as length-prefixed UTF-8. */
    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s == null ? null : s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String readNullable(DataInputStream in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
