package dev.multiproc.pool;

import dev.multiproc.MultiprocessingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pool worker given a lambda of values never sets up JDK serialization: its own target and the
 * task's function travel as lambdas (see {@code LambdaCodec}). Setting up {@code ObjectInputStream}
 * with the serial filter's configuration and reflective accessors was ~80-100 ms of each worker's
 * start, inside every {@code Pool}'s first call. Nor does it challenge its pool back when it
 * connects.
 */
class PoolWorkerStartTest {
    static int square(int x) {
        return x * x;
    }

    @Test
    void aWorkerRunningALambdaOfValuesLoadsNoObjectInputStream(@TempDir Path dir) throws IOException {
        MultiprocessingContext logged = MultiprocessingContext.builder()
                .jvmOptions("-Xlog:class+load=info:file=" + dir.resolve("classes-%p.log")).build();
        int offset = 4;
        try (Pool pool = Pool.builder().processes(1).context(logged).build()) {
            assertEquals(49, pool.apply(PoolWorkerStartTest::square, 7));
            assertEquals(List.of(5, 6, 7), pool.map(x -> x + offset, List.of(1, 2, 3)));
        }
        List<String> loaded = new ArrayList<>();
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : (Iterable<Path>) logs::iterator) {
                loaded.addAll(Files.readAllLines(log));
            }
        }
        assertTrue(loaded.stream().anyMatch(line -> line.contains("dev.multiproc.internal.pool.WorkerLoop ")),
                "the log is the worker's: " + loaded.size() + " lines");
        List<String> serialization = loaded.stream().filter(line -> line.contains("java.io.ObjectInputStream "))
                .collect(Collectors.toList());
        assertEquals(List.of(), serialization, "the worker set up JDK serialization");
        // the pool challenges its workers; a worker answers and does not challenge back, so it
        // never seeds a SecureRandom (see WorkerLoop.connect)
        List<String> challenges = loaded.stream().filter(line -> line.contains("internal.transport.Handshake$Random "))
                .collect(Collectors.toList());
        assertEquals(List.of(), challenges, "the worker generated an authentication challenge");
    }
}
