package dev.multiproc.dsl.spi

import dev.multiproc.RemoteException
import dev.multiproc.dsl.Work

/**
 * The body of a `process { }` child, as the scope hands it to [Engine.startProcess].
 *
 * @property work the body, to run as it is (an engine that does not serialize)
 * @property encoded the body as the core's codec encodes it (a serializing engine); null otherwise
 */
public class ProcessTarget(public val work: Work<Unit>, public val encoded: ByteArray?)

/**
 * A child started by [Engine.startProcess], whatever runs it: what `ParallelProcess` shows the
 * user and how the scope stops it.
 *
 * ```kotlin
 * val child = engine.startProcess("worker", ProcessTarget(work, encoded))
 * child.awaitExit()
 * println(child.exitCode)   // 0
 * ```
 */
public interface ProcessControl {
    /** The child's pid (this JVM's pid for a thread); null before it has one. */
    public val pid: Long?

    /** Null while it runs; 0; 1 when its body threw; n for `System.exit(n)`; -N when killed by signal N. */
    public val exitCode: Int?

    /** What the body threw, with its stack trace as the cause; null when it did not. */
    public val exception: RemoteException?

    /** Suspends until the child has ended; cancelling the wait does not stop the child. */
    public suspend fun awaitExit()

    /** Asks the child to stop (SIGTERM, or an interrupt for a thread). */
    public fun terminate()

    /** Stops the child at once (SIGKILL, or an interrupt for a thread). */
    public fun kill()
}
