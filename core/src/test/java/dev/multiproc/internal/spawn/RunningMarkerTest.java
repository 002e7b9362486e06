package dev.multiproc.internal.spawn;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The marker a child writes on stderr is taken out of the stream whichever way the reads cut it. */
class RunningMarkerTest {

    private static byte[] marker() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(bytes, true));
        try {
            RunningMarker.write();
        } finally {
            System.setErr(original);
        }
        return bytes.toByteArray();
    }

    /** Feeds {@code input} through a filter in reads of {@code step} bytes. */
    private static String filter(RunningMarker filter, byte[] input, int step) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[RunningMarker.room(step)];
        for (int at = 0; at < input.length; at += step) {
            int n = Math.min(step, input.length - at);
            byte[] read = new byte[n];
            System.arraycopy(input, at, read, 0, n);
            out.write(buffer, 0, filter.filter(read, n, buffer));
        }
        out.write(buffer, 0, filter.finish(buffer));
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(String before, byte[] marker, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(marker);
        out.writeBytes(after.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    @Test
    void theMarkerIsRemovedAndSeenWhateverTheReadSize() {
        byte[] input = concat("VM warning: something\n", marker(), "user output\nmore\n");
        for (int step = 1; step <= input.length; step++) {
            RunningMarker filter = new RunningMarker();
            assertEquals("VM warning: something\nuser output\nmore\n", filter(filter, input, step), "reads of " + step);
            assertTrue(filter.seen(), "reads of " + step);
        }
    }

    @Test
    void onlyTheFirstMarkerIsRemoved() {
        byte[] marker = marker();
        RunningMarker filter = new RunningMarker();
        byte[] input = concat("", marker, new String(marker, StandardCharsets.ISO_8859_1));
        assertEquals(new String(marker, StandardCharsets.ISO_8859_1), filter(filter, input, 3));
        assertTrue(filter.seen());
    }

    @Test
    void aMarkerInsideALineIsOutput() {
        byte[] marker = marker();
        RunningMarker filter = new RunningMarker();
        byte[] input = concat("text", marker, "");
        assertEquals("text" + new String(marker, StandardCharsets.ISO_8859_1), filter(filter, input, 5));
        assertFalse(filter.seen());
    }

    @Test
    void aPartialMatchIsOutputWhenItTurnsOutOtherwiseOrTheStreamEnds() {
        byte[] marker = marker();
        String start = new String(marker, 0, 6, StandardCharsets.ISO_8859_1);
        RunningMarker mismatch = new RunningMarker();
        assertEquals(start + "x\n", filter(mismatch, (start + "x\n").getBytes(StandardCharsets.ISO_8859_1), 2));
        assertFalse(mismatch.seen());
        RunningMarker cut = new RunningMarker();
        assertEquals(start, filter(cut, start.getBytes(StandardCharsets.ISO_8859_1), 4));
        assertFalse(cut.seen());
    }
}
