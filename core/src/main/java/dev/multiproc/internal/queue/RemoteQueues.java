package dev.multiproc.internal.queue;

import dev.multiproc.internal.runtime.JvmProcess;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The connections this process has open to queues owned elsewhere, and what happens to them at
 * exit: items put here and still on their way are pushed to their owners and confirmed, within a
 * bounded wait ({@code multiproc.queueExitFlushSeconds}, default 10), and a clear warning names
 * what may be lost; then every connection is closed so that no reader thread delays the exit.
 */
final class RemoteQueues {
    private static final long FLUSH_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("multiproc.queueExitFlushSeconds", 10));
    private static final Set<RemoteQueue> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;

    private RemoteQueues() {
    }

    static void remember(RemoteQueue queue) {
        if (!hooked) {
            synchronized (RemoteQueues.class) {
                if (!hooked) {
                    JvmProcess.current().atExit(RemoteQueues::atExit);
                    hooked = true;
                }
            }
        }
        OPEN.add(queue);
    }

    static void forget(RemoteQueue queue) {
        OPEN.remove(queue);
    }

    private static void atExit() {
        List<RemoteQueue> queues = new ArrayList<>(OPEN);
        long[] flushes = new long[queues.size()];
        for (int i = 0; i < flushes.length; i++) {
            flushes[i] = queues.get(i).beginExitFlush();
        }
        long deadline = System.nanoTime() + FLUSH_NANOS;
        for (int i = 0; i < flushes.length; i++) {
            RemoteQueue q = queues.get(i);
            String problem = q.awaitExitFlush(flushes[i], deadline);
            if (problem != null && q.streamed() > 0) {
                System.err.println("multiproc: process " + ProcessHandle.current().pid() + " is exiting, but the items"
                        + " it put on " + q.address().describe() + " may not all have arrived (" + problem
                        + "); up to " + q.streamed() + " items may be lost");
            }
            q.closeChannel();
        }
    }
}
