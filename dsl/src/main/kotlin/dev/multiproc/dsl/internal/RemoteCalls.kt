package dev.multiproc.dsl.internal

import dev.multiproc.SerializableCallable
import dev.multiproc.SerializableFunction
import dev.multiproc.dsl.Work
import dev.multiproc.spi.ValueCodec

/*
 * What a worker receives. Named classes rather than lambdas: their serialized form is small and
 * stable, and a stack trace through them says what ran.
 *
 * The user's task travels as the bytes it was encoded to at the call (the call encodes it once,
 * to check it is serializable); the worker decodes it per call, which costs microseconds.
 */

/** The pool's function for every DSL call: runs the callable it is given. Always the same bytes, so workers cache it. */
internal object RunCall : SerializableFunction<SerializableCallable<Any?>, Any?> {
    private const val serialVersionUID = 1L

    override fun apply(call: SerializableCallable<Any?>): Any? = call.call()

    private fun readResolve(): Any = RunCall
}

/** One chunk of `map` on a backend that runs it in this JVM: the task applied to each item, in order. */
internal class ChunkCall(
    private val task: SerializableFunction<Any?, Any?>,
    private val items: List<Any?>,
) : SerializableCallable<Any?> {
    override fun call(): Any {
        val out = ArrayList<Any?>(items.size)
        for (item in items) out += task.apply(item)
        return out
    }

    override fun toString(): String = "ChunkCall"

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** One `run { }` or `async { }` task; [work] encoded (processes) or as it is (threads). */
internal class WorkCall(private val work: Any, private val result: PayloadCodec) : SerializableCallable<Any?> {
    override fun call(): Any? {
        @Suppress("UNCHECKED_CAST")
        val fn = (if (work is ByteArray) ValueCodec.decode(work) else work) as Work<Any?>
        return result.encode(fn.run())
    }

    override fun toString(): String = "WorkCall"

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** The target of a `process { }` child and of a pool initializer. */
internal class WorkRunnable(private val work: ByteArray) : dev.multiproc.SerializableRunnable {
    override fun run() {
        (ValueCodec.decode(work) as Work<*>).run()
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}
