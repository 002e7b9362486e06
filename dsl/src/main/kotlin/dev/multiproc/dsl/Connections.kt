package dev.multiproc.dsl

import dev.multiproc.connection.Connection
import dev.multiproc.connection.ConnectionClosedException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withContext
import java.time.Duration

/*
 * Suspending forms of Connection (Pipe ends). A receive waits on a thread of Dispatchers.IO in
 * short polls rather than in a blocking recv, so that cancelling it never interrupts a read in
 * the middle of a message: the connection stays usable after a cancelled receive.
 */

/** How long one poll of a waiting receive lasts: the latency of cancelling it. */
private val POLL_SLICE: Duration = Duration.ofMillis(20)

/**
 * Sends [obj] (the core's codec), suspending while the peer's buffer is full.
 *
 * ```kotlin
 * Pipe.open().use { pipe ->
 *     parallel(processes = 1) {
 *         val child = pipe.right()
 *         process { child.send("hello") }
 *         pipe.left().receive<String>()     // "hello"
 *     }
 * }
 * ```
 */
public suspend fun Connection.sendSuspending(obj: Any?) {
    withContext(Dispatchers.IO) { send(obj) }
}

/**
 * Receives the next object, suspending until one arrives; [ConnectionClosedException] when the
 * peer has closed its end and everything it sent has been received.
 */
public suspend inline fun <reified T> Connection.receive(): T = receiveAny() as T

/** [receive] without a type. */
public suspend fun Connection.receiveAny(): Any? {
    if (poll()) return recv()
    return withContext(Dispatchers.IO) {
        while (!poll(POLL_SLICE)) ensureActive()
        recv()
    }
}

/**
 * The objects received from this connection as a [Flow], until the peer closes its end. Like
 * `ReceiveChannel.receiveAsFlow()`: one collector at a time, each object received once.
 */
public fun Connection.receiveAsFlow(): Flow<Any?> = flow {
    while (true) {
        val next = try {
            receiveAny()
        } catch (e: ConnectionClosedException) {
            break
        }
        emit(next)
    }
}
