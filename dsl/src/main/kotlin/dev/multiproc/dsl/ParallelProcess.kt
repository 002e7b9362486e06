package dev.multiproc.dsl

import dev.multiproc.RemoteException
import dev.multiproc.dsl.spi.ProcessControl
import kotlinx.coroutines.Job

/**
 * A child started by [ParallelScope.process]: Python's `Process`, with a suspending [join].
 *
 * ```kotlin
 * parallel {
 *     val p = process("greeter") { println("hello from ${ProcessHandle.current().pid()}") }
 *     p.join()        // 0
 * }
 * ```
 *
 * It belongs to the block: the block does not end before the child has ended, and cancelling
 * the block stops it (SIGTERM, then SIGKILL after a grace period of 500 ms). A child that throws
 * does not fail the block, as in Python: its [exitCode] is 1 and [exception] says why.
 */
public class ParallelProcess internal constructor(
    /** The name given to `process` (default `Process-<n>`). */
    public val name: String,
    private val control: ProcessControl,
    private val job: Job,
) {
    /** The child's pid (this JVM's pid on the threads backend). */
    public val pid: Long? get() = control.pid

    /** Null while running; 0; 1 when it threw; n for `System.exit(n)`; -N when killed by signal N. */
    public val exitCode: Int? get() = control.exitCode

    /** What the child threw, with its stack trace as the cause; null when it did not. */
    public val exception: RemoteException? get() = control.exception

    public val isAlive: Boolean get() = control.exitCode == null

    /** Suspends until the child has ended and returns its exit code; cancelling the wait does not stop the child. */
    public suspend fun join(): Int {
        job.join()
        return control.exitCode ?: error("$name has not ended after join()")
    }

    /** SIGTERM (interrupt on the threads backend). */
    public fun terminate(): Unit = control.terminate()

    /** SIGKILL (interrupt on the threads backend). */
    public fun kill(): Unit = control.kill()

    override fun toString(): String = "ParallelProcess($name, pid=$pid, exitCode=$exitCode)"
}
