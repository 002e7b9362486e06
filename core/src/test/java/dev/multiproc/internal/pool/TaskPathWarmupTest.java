package dev.multiproc.internal.pool;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The warm-up drives the real task path, which leaves a chunk's results for the caller to send. */
class TaskPathWarmupTest {

    @Test
    void theWarmUpEndsAndTheTaskPathStillAnswersAChunk() {
        Thread warmup = TaskPathWarmup.start();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> warmup.join());

        Function<Object, Object> square = x -> (Integer) x * (Integer) x;
        Object[] arguments = {3, -4, 5};
        Wire.Sink frame = new Wire.Sink(64).putLong(7L).putLong(1L);
        PackedValues.write(frame, arguments, arguments.length);
        Wire.Sink out = new Wire.Sink(64);
        WorkerLoop.runChunk(new Wire.Source(frame.array(), 0, frame.size()), Map.of(1L, square), out, null);

        Wire.Source result = new Wire.Source(out.toByteArray());
        assertEquals(Protocol.RESULT, result.getByte());
        assertEquals(7L, result.getLong(), "chunk id");
        result.getLong(); // run time
        assertEquals(3, result.getInt(), "count");
        assertEquals(Protocol.ALL_OK, result.getByte());
        PackedValues.Reader values = new PackedValues.Reader(result);
        List<Object> squares = new ArrayList<>();
        for (int i = 0; i < values.count(); i++) {
            squares.add(values.next());
        }
        assertEquals(List.of(9, 16, 25), squares);
        assertFalse(result.hasMore());
    }
}
