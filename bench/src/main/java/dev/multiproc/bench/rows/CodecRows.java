package dev.multiproc.bench.rows;

import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;
import dev.multiproc.internal.codec.StandardCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;

/**
 * The core's codec against JDK serialization, in this JVM, on the payloads real tasks return: a
 * word-count map and a list of small records. Each figure is encode + decode round trips per
 * second of the codec divided by the same of plain {@code ObjectOutputStream}/{@code ObjectInputStream},
 * timed in alternating slices so that the machine's load hits both alike, per second of the
 * thread's CPU time.
 */
public final class CodecRows {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long SLICE_NANOS = 100_000_000L;
    private static final long WARM_UP_NANOS = 2_000_000_000L;

    private CodecRows() {
    }

    public static List<Row> all() {
        return List.of(
                new SimpleRow("codec.map", s -> "HashMap<String, Integer> of 500 entries, encode + decode per CPU second: "
                        + "StandardCodec / JDK serialization, alternating 0.1 s slices after 2 s of CPU", "x", null, Goal.atLeast(10),
                        s -> ratio("codec.map", s, wordCounts(500))),
                new SimpleRow("codec.objects", s -> "ArrayList of 1,000 small records (int, int, String), encode + decode "
                        + "per CPU second: StandardCodec / JDK serialization", "x", null, Goal.reported(),
                        s -> ratio("codec.objects", s, points(1000))));
    }

    /** A small serializable record, as a task's result might be. */
    public record Point(int x, int y, String name) implements Serializable {
    }

    public static HashMap<String, Integer> wordCounts(int entries) {
        Random random = new Random(22);
        HashMap<String, Integer> counts = new HashMap<>();
        while (counts.size() < entries) {
            StringBuilder word = new StringBuilder();
            int length = 2 + random.nextInt(9);
            for (int i = 0; i < length; i++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            counts.merge(word.toString(), 1 + random.nextInt(40), Integer::sum);
        }
        return counts;
    }

    public static ArrayList<Point> points(int count) {
        ArrayList<Point> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            points.add(new Point(i, -i, "p" + i));
        }
        return points;
    }

    private static double ratio(String id, Scale scale, Object payload) {
        RoundTrip ours = () -> StandardCodec.INSTANCE.decode(StandardCodec.INSTANCE.encode(payload));
        RoundTrip jdk = () -> jdkDecode(jdkEncode(payload));
        if (!ours.once().equals(payload) || !jdk.once().equals(payload)) {
            throw new IllegalStateException(id + ": a round trip changed the payload");
        }
        // warm by this thread's CPU time: on a busy machine 2 s of wall time gave the thread a
        // tenth of that, and the codec was measured before its compiled code was in place
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long warmCpu = scale.quick() ? WARM_UP_NANOS / 4 : WARM_UP_NANOS;
        long giveUp = System.nanoTime() + 15 * WARM_UP_NANOS;
        while (THREADS.getCurrentThreadCpuTime() - cpuStart < warmCpu && System.nanoTime() < giveUp) {
            ours.perSecond(SLICE_NANOS);
            jdk.perSecond(SLICE_NANOS);
        }
        int slices = Math.max(6, scale.reps() * 4);
        double[] oursRate = new double[slices];
        double[] jdkRate = new double[slices];
        for (int i = 0; i < slices; i++) {
            if (i % 2 == 0) {
                oursRate[i] = ours.perSecond(SLICE_NANOS);
                jdkRate[i] = jdk.perSecond(SLICE_NANOS);
            } else {
                jdkRate[i] = jdk.perSecond(SLICE_NANOS);
                oursRate[i] = ours.perSecond(SLICE_NANOS);
            }
        }
        double a = Measure.median(oursRate);
        double b = Measure.median(jdkRate);
        System.err.printf("%s: StandardCodec %,.0f round trips per CPU second (%,d bytes), JDK serialization %,.0f (%,d bytes)%n",
                id, a, StandardCodec.INSTANCE.encode(payload).length, b, jdkEncode(payload).length);
        return a / b;
    }

    /** One encode + decode; {@link #perSecond} runs it for a slice of time. */
    @FunctionalInterface
    private interface RoundTrip {
        Object once();

        /**
         * Round trips per second of this thread's CPU time, over a slice of wall time: on a
         * machine shared with other work, wall time would count the slices the thread waited.
         */
        default double perSecond(long nanos) {
            long end = System.nanoTime() + nanos;
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            int done = 0;
            do {
                once();
                done++;
            } while (System.nanoTime() < end);
            return done / ((THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9);
        }
    }

    public static byte[] jdkEncode(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Object jdkDecode(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For a quick look without the harness: {@code java -cp multiproc-bench.jar ...CodecRows}. */
    public static void main(String[] args) throws Exception {
        Scale scale = new Scale(false, 3);
        for (Row row : all()) {
            System.out.printf("%s %.2fx%n", row.id(), row.measure(scale));
        }
    }
}
