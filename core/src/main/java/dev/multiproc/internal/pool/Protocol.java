package dev.multiproc.internal.pool;

/**
 * The records a pool and its workers exchange. A frame holds one or more records, so that many
 * small tasks (and a function definition) cost one system call.
 *
 * <pre>
 *   pool -&gt; worker
 *     FUNCTION  | fnId (i64) | encoded function (block)
 *     FORGET    | fnId (i64)
 *     CHUNK     | chunkId (i64) | fnId (i64) | arguments (packed)
 *   worker -&gt; pool
 *     HELLO     | workerId (i32) | initializer ok (u8) | [failure (block) when not ok]
 *     RESULT    | chunkId (i64) | run nanos (i64) | count (i32) | ALL_OK (u8) | results (packed)
 *               | chunkId (i64) | run nanos (i64) | count (i32) | EACH (u8) | count x (status (u8) | block)
 *     FATAL     | chunkId (i64) | failure (block)          sent just before the worker halts
 *   block = length (i32) | bytes
 *   packed = see {@link PackedValues}: one type for the whole chunk when the values allow it
 * </pre>
 *
 * A worker runs the chunks it receives in order and answers each with one RESULT, so the oldest
 * chunk a worker holds is the one it is running: that is how the pool knows which task a dead
 * worker was running.
 */
final class Protocol {
    static final int FUNCTION = 1;
    static final int FORGET = 2;
    static final int CHUNK = 3;

    static final int HELLO = 10;
    static final int RESULT = 11;
    static final int FATAL = 12;

    /** A RESULT whose tasks all returned a serializable value: the values follow, packed. */
    static final int ALL_OK = 1;
    /** A RESULT with a failure among its tasks: a status and a block per task follow. */
    static final int EACH = 0;

    /** The task returned a value: the block is its encoding. */
    static final int OK = 0;
    /** The task threw: the block is an encoded {@link TaskFailure}. */
    static final int RAISED = 1;
    /** The task returned a value that cannot be serialized: the block is an encoded {@link TaskFailure}. */
    static final int UNSERIALIZABLE_RESULT = 2;

    /** Exit status of a worker that halted after an unrecoverable error (e.g. OutOfMemoryError). */
    static final int FATAL_EXIT = 3;

    private Protocol() {
    }
}
