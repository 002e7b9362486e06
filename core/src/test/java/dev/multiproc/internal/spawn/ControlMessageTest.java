package dev.multiproc.internal.spawn;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The control messages keep the layout of their table, byte for byte, and come back whole. */
class ControlMessageTest {
    private static final ContextSettings SETTINGS = new ContextSettings(List.of("-Xmx64m", "-Dé=\u0000", "-Dlong=" + "x".repeat(70_000)),
            Map.of("HOME", "/home/ü"), "a.jar:b.jar", true);

    @Test
    void aRunRequestIsLaidOutAsItsTableSays() throws IOException {
        RunRequest request = new RunRequest(new byte[] {1, 2, 3}, "Process-1:2", new int[] {1, 2}, true, "MainProcess", SETTINGS);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(ControlMessage.RUN);
        out.writeInt(3);
        out.write(new byte[] {1, 2, 3});
        writeString(out, "Process-1:2");
        out.writeInt(2);
        out.writeInt(1);
        out.writeInt(2);
        out.writeBoolean(true);
        writeString(out, "MainProcess");
        out.writeInt(3);
        writeString(out, "-Xmx64m");
        writeString(out, "-Dé=\u0000");
        writeString(out, "-Dlong=" + "x".repeat(70_000)); // past what a DataOutput.writeUTF string holds
        out.writeInt(1);
        writeString(out, "HOME");
        writeString(out, "/home/ü");
        writeString(out, "a.jar:b.jar");
        out.writeBoolean(true);
        assertArrayEquals(bytes.toByteArray(), ControlMessage.encode(request));

        RunRequest back = (RunRequest) ControlMessage.decode(ControlMessage.encode(request));
        assertEquals("Process-1:2", back.name());
        assertArrayEquals(new int[] {1, 2}, back.identity());
        assertEquals(SETTINGS, back.settings());
    }

    @Test
    void anExitReportCarriesAbsentFieldsAsMinusOne() throws IOException {
        String trace = "x".repeat(70_000); // past what a UTF field holds
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(ControlMessage.EXIT);
        out.writeInt(3);
        out.writeInt(-1);
        writeString(out, "a.B");
        writeString(out, trace);
        assertArrayEquals(bytes.toByteArray(), ControlMessage.encode(new ExitReport(3, null, "a.B", trace)));
        ExitReport back = (ExitReport) ControlMessage.decode(ControlMessage.encode(new ExitReport(3, null, "a.B", trace)));
        assertEquals(trace, back.trace());
    }

    @Test
    void aCorruptMessageFailsFast() {
        byte[] request = ControlMessage.encode(new RunRequest(new byte[0], "p", new int[0], false, "m", SETTINGS));
        request[1 + 4 + 4 + 1] = 0x7f; // the identity's count, now far beyond the bytes left
        assertThrows(IllegalStateException.class, () -> ControlMessage.decode(request));
        assertThrows(IllegalStateException.class, () -> ControlMessage.decode(new byte[] {ControlMessage.CLASS_REQUEST, 0}));
        assertThrows(IllegalArgumentException.class, () -> ControlMessage.decode(new byte[] {99}));
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
