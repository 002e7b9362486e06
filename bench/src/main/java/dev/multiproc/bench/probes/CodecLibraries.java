package dev.multiproc.bench.probes;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.multiproc.bench.rows.CodecRows;
import dev.multiproc.internal.codec.StandardCodec;
import org.apache.fory.Fory;
import org.apache.fory.config.Language;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The core's codec against two well-kept serialization libraries, Kryo and Apache Fory, and JDK
 * serialization, on the payloads of the codec rows (a 500-entry word-count map, 1,000 small
 * records): what issue "real payloads travel fast" asked to be chosen by measurement. Not a bench
 * row; the outcome and the reasons for the choice are in docs/benchmarks.md.
 *
 * <p>Two measures, because a pool worker is a fresh JVM: <em>warm</em>, encode + decode round
 * trips per second of this thread's CPU time in alternating 0.1 s slices after 4 s of CPU (as the
 * codec rows), and <em>cold</em>, the first round trip in a fresh JVM (each library in a JVM of
 * its own, started by this probe).
 *
 * <pre>
 * java -cp bench/target/multiproc-bench.jar dev.multiproc.bench.probes.CodecLibraries [cold runs]
 * </pre>
 * Each library is set up as a user who wants speed would: Kryo and Fory with their classes
 * registered and reference tracking off (the core's codec keeps sharing of collections).
 */
public final class CodecLibraries {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final List<String> LIBRARIES = List.of("jdk", "multiproc", "kryo", "fory");

    private CodecLibraries() {
    }

    /** A round trip of one library, set up once: the argument encoded and decoded. */
    static UnaryOperator<Object> roundTrip(String library) {
        switch (library) {
            case "jdk":
                return value -> CodecRows.jdkDecode(CodecRows.jdkEncode(value));
            case "multiproc":
                return value -> StandardCodec.INSTANCE.decode(StandardCodec.INSTANCE.encode(value));
            case "kryo": {
                Kryo kryo = new Kryo();
                kryo.register(HashMap.class);
                kryo.register(ArrayList.class);
                kryo.register(CodecRows.Point.class);
                kryo.setReferences(false);
                Output out = new Output(4096, -1);
                return value -> {
                    out.reset();
                    kryo.writeClassAndObject(out, value);
                    return kryo.readClassAndObject(new Input(out.getBuffer(), 0, out.position()));
                };
            }
            case "fory": {
                Fory fory = Fory.builder().withLanguage(Language.JAVA).requireClassRegistration(true)
                        .withRefTracking(false).build();
                fory.register(CodecRows.Point.class);
                return value -> fory.deserialize(fory.serialize(value));
            }
            default:
                throw new IllegalArgumentException("no library " + library);
        }
    }

    static Object payload(String name) {
        return name.equals("map") ? CodecRows.wordCounts(500) : CodecRows.points(1000);
    }

    static double perCpuSecond(UnaryOperator<Object> trip, Object payload, long nanos) {
        long end = System.nanoTime() + nanos;
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        int done = 0;
        do {
            trip.apply(payload);
            done++;
        } while (System.nanoTime() < end);
        return done / ((THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9);
    }

    static void warm(String payloadName) {
        Object payload = payload(payloadName);
        Map<String, UnaryOperator<Object>> trips = new LinkedHashMap<>();
        for (String library : LIBRARIES) {
            UnaryOperator<Object> trip = roundTrip(library);
            if (!trip.apply(payload).equals(payload)) {
                throw new IllegalStateException(library + " changed the payload");
            }
            trips.put(library, trip);
        }
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        while (THREADS.getCurrentThreadCpuTime() - cpuStart < 4_000_000_000L) {
            trips.values().forEach(trip -> perCpuSecond(trip, payload, 100_000_000L));
        }
        Map<String, double[]> rates = new LinkedHashMap<>();
        trips.keySet().forEach(library -> rates.put(library, new double[12]));
        for (int slice = 0; slice < 12; slice++) {
            List<String> order = new ArrayList<>(LIBRARIES);
            if (slice % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (String library : order) {
                rates.get(library)[slice] = perCpuSecond(trips.get(library), payload, 100_000_000L);
            }
        }
        double jdk = median(rates.get("jdk"));
        for (String library : LIBRARIES) {
            double rate = median(rates.get(library));
            System.out.printf("warm %-7s %-9s %,9.0f round trips per CPU second  %5.2fx JDK  %6.1f us each%n",
                    payloadName, library, rate, rate / jdk, 1e6 / rate);
        }
    }

    static void cold(String payloadName, int runs) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        for (String library : LIBRARIES) {
            double[] millis = new double[runs];
            for (int run = 0; run < runs; run++) {
                Process child = new ProcessBuilder(java, "-cp", classPath, CodecLibraries.class.getName(),
                        "--first", library, payloadName).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(child.getInputStream().readAllBytes()).trim();
                if (child.waitFor() != 0) {
                    throw new IllegalStateException(library + " failed in a fresh JVM: " + out);
                }
                // the last line: Fory logs its code generation to standard output
                millis[run] = Double.parseDouble(out.substring(out.lastIndexOf('\n') + 1));
            }
            System.out.printf("cold %-7s %-9s first round trip in a fresh JVM: median %.1f ms of %s%n",
                    payloadName, library, median(millis), Arrays.toString(millis));
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return (sorted[sorted.length / 2] + sorted[(sorted.length - 1) / 2]) / 2;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--first")) {
            Object payload = payload(args[2]);
            long start = System.nanoTime();
            Object back = roundTrip(args[1]).apply(payload);
            long end = System.nanoTime();
            if (!back.equals(payload)) {
                throw new IllegalStateException(args[1] + " changed the payload");
            }
            System.out.println((end - start) / 1e6);
            return;
        }
        int coldRuns = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        for (String payloadName : List.of("map", "records")) {
            warm(payloadName);
            cold(payloadName, coldRuns);
        }
    }
}
