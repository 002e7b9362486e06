/**
 * Queues shared between processes: {@link dev.multiproc.queue.ProcessQueue} (Python's
 * {@code Queue}, a {@link java.util.concurrent.BlockingQueue}), {@link dev.multiproc.queue.JoinableQueue}
 * and {@link dev.multiproc.queue.SimpleQueue}.
 */
package dev.multiproc.queue;
