package dev.multiproc.bench.rows;

import dev.multiproc.ChildProcess;
import dev.multiproc.bench.Goal;
import dev.multiproc.bench.Measure;
import dev.multiproc.bench.Row;
import dev.multiproc.bench.Scale;
import dev.multiproc.queue.ProcessQueue;
import dev.multiproc.shared.SharedLongArray;
import dev.multiproc.sync.ProcessBarrier;

import java.util.ArrayList;
import java.util.List;

/**
 * Queue rows: CPython's section 4 (a producer process and a consumer process meet at a barrier;
 * the consumer times from the barrier to the end marker), plus 2 producers to 2 consumers.
 * The queue is owned by the benchmark's own process, as a queue is by its creator. The 1 KiB and
 * 1 MiB rows run on fresh JVMs, what a user gets by default, and their {@code .trained} rows
 * report the same on trained standby children (see {@link Children}); {@code queue.small} still
 * runs on trained children, with {@code queue.small.cold} on fresh JVMs.
 */
public final class QueueRows {
    private static final int MIB = 1 << 20;

    private QueueRows() {
    }

    public static List<Row> all() {
        return List.of(
                new SimpleRow("queue.small", s -> "ProcessQueue 1 producer -> 1 consumer, " + String.format("%,d", s.n(200_000))
                        + " small ints, trained standby children", "msgs/s", "4.0", Goal.atLeast(3),
                        s -> perSecond(s, s.n(200_000), 0, 1, false, Children.trained(2))),
                new SimpleRow("queue.small.cold", s -> "ProcessQueue 1 producer -> 1 consumer, " + String.format("%,d", s.n(200_000))
                        + " small ints, fresh JVMs", "msgs/s", "4.0", Goal.reported(),
                        s -> perSecond(s, s.n(200_000), 0, 1, false, Children.fresh())),
                new SimpleRow("queue.1k", s -> "ProcessQueue 1->1, " + String.format("%,d", s.n(20_000))
                        + " x 1 KiB byte[], fresh JVMs", "msgs/s", "4.1", Goal.atLeast(3),
                        s -> perSecond(s, s.n(Integer.getInteger("q1k", 20_000)), 1024, 1, false, Children.fresh())),
                new SimpleRow("queue.1k.trained", s -> "ProcessQueue 1->1, " + String.format("%,d", s.n(20_000))
                        + " x 1 KiB byte[], trained standby children", "msgs/s", "4.1", Goal.reported(),
                        s -> perSecond(s, s.n(20_000), 1024, 1, false, Children.trained(2))),
                new SimpleRow("queue.1m", s -> "ProcessQueue 1->1, " + s.n(200) + " x 1 MiB byte[], fresh JVMs",
                        "MB/s", "4.3", Goal.atLeast(1.5), s -> perSecond(s, s.n(200), MIB, 1, true, Children.fresh())),
                new SimpleRow("queue.1m.trained", s -> "ProcessQueue 1->1, " + s.n(200) + " x 1 MiB byte[], trained standby children",
                        "MB/s", "4.3", Goal.reported(), s -> perSecond(s, s.n(200), MIB, 1, true, Children.trained(2))),
                new SimpleRow("queue.mpmc", s -> "ProcessQueue 2 producers -> 2 consumers, " + String.format("%,d", s.n(200_000))
                        + " small ints, fresh JVMs", "msgs/s", null, Goal.reported(),
                        s -> perSecond(s, s.n(200_000), 0, 2, false, Children.fresh())));
    }

    /** The end marker: -1 for ints, an empty array for byte items (a queue holds no null). */
    private static Object endMarker(int payload) {
        return payload == 0 ? (Object) (-1) : new byte[0];
    }

    static void produce(ProcessQueue<Object> queue, ProcessBarrier start, int n, int payload) throws InterruptedException {
        byte[] bytes = payload == 0 ? null : new byte[payload];
        start.await();
        for (int i = 0; i < n; i++) {
            queue.put(bytes == null ? (Object) i : bytes);
        }
        queue.put(endMarker(payload));
    }

    /** Counts items until an end marker; records [start, end, count, bytes] in its slot. */
    static void consume(ProcessQueue<Object> queue, ProcessBarrier start, SharedLongArray out, int slot)
            throws InterruptedException {
        start.await();
        long begin = System.nanoTime();
        long count = 0;
        long bytes = 0;
        while (true) {
            Object item = queue.get();
            if (item instanceof byte[]) {
                byte[] b = (byte[]) item;
                if (b.length == 0) {
                    break;
                }
                bytes += b.length;
            } else if ((Integer) item < 0) {
                break;
            }
            count++;
        }
        out.set(slot * 4, begin);
        out.set(slot * 4 + 1, System.nanoTime());
        out.set(slot * 4 + 2, count);
        out.set(slot * 4 + 3, bytes);
    }

    static double perSecond(Scale scale, int n, int payload, int pairs, boolean megabytes, Children children)
            throws Exception {
        try (children) {
            return Measure.median(scale, () -> perSecondOnce(n, payload, pairs, megabytes, children));
        }
    }

    private static double perSecondOnce(int n, int payload, int pairs, boolean megabytes, Children children)
            throws Exception {
        children.awaitReady();
        try (ProcessQueue<Object> queue = new ProcessQueue<>(); ProcessBarrier start = new ProcessBarrier(2 * pairs);
             SharedLongArray out = SharedLongArray.raw(4 * pairs)) {
            List<ChildProcess> processes = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                int slot = i;
                int items = n / pairs;
                processes.add(children.process(() -> SyncRows.call(() -> consume(queue, start, out, slot))));
                processes.add(children.process(() -> SyncRows.call(() -> produce(queue, start, items, payload))));
            }
            processes.forEach(ChildProcess::start);
            for (ChildProcess p : processes) {
                p.join();
                if (p.exitCode() != 0) {
                    throw new IllegalStateException(p + " failed", p.exception());
                }
            }
            long begin = Long.MAX_VALUE;
            long end = 0;
            long count = 0;
            long bytes = 0;
            for (int i = 0; i < pairs; i++) {
                begin = Math.min(begin, out.get(i * 4));
                end = Math.max(end, out.get(i * 4 + 1));
                count += out.get(i * 4 + 2);
                bytes += out.get(i * 4 + 3);
            }
            if (count != (long) (n / pairs) * pairs) {
                throw new IllegalStateException("consumed " + count + " of " + n + " items");
            }
            double seconds = (end - begin) / 1e9;
            return megabytes ? bytes / seconds / 1e6 : count / seconds;
        }
    }
}
