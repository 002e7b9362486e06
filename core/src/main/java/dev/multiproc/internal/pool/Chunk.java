package dev.multiproc.internal.pool;

/**
 * Consecutive tasks of one job sent to a worker as one unit: Python's chunk. Keeps its encoded
 * arguments until it completes, so that a chunk a dead worker had not begun can run elsewhere.
 */
final class Chunk {
    final Job job;
    /** Position of this chunk in its job. */
    final int index;
    /** Position of the chunk's first task in its job. */
    final long firstTask;
    final int size;
    /** The tasks' arguments packed ({@link PackedValues}), as in {@link Protocol#CHUNK} after the function id. */
    final byte[] arguments;
    long id;
    WorkerHandle worker;
    long sentNanos;
    /** When the chunk was cut from its input: the start of its wait for a worker. */
    final long createdNanos = System.nanoTime();
    boolean cancelled;
    /** Set when an argument cannot be serialized: the chunk fails without being sent. */
    dev.multiproc.SerializationException unserializable;

    Chunk(Job job, int index, long firstTask, int size, byte[] arguments) {
        this.job = job;
        this.index = index;
        this.firstTask = firstTask;
        this.size = size;
        this.arguments = arguments;
    }

    /** "task 17 of map()" or "tasks 16-31 of map()". */
    String describe() {
        return size == 1 ? "task " + firstTask + " of " + job.call
                : "tasks " + firstTask + "-" + (firstTask + size - 1) + " of " + job.call;
    }
}
