package dev.multiproc.dsl

import dev.multiproc.dsl.acceptance.sleepForever
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeoutOrNull
import kotlin.streams.toList
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/**
 * A `parallel` block cancelled while it starts (its pool being built, its first child being
 * started, its first task on its way) leaves no child JVM behind: what was created when the
 * cancellation came is released, not dropped.
 */
class StartupCancellationSpec : FunSpec({
    fun liveChildren(): List<ProcessHandle> = ProcessHandle.current().children().filter { it.isAlive }.toList()

    test("cancelled after k ms of its start-up, for k from 0 to 600, parallel leaves no child JVM").config(timeout = 4.minutes) {
        for (k in 0..600 step 30) {
            val block = launch(Dispatchers.Default) {
                parallel(processes = 1) {
                    process { sleepForever() }
                    run { 1 }
                    awaitCancellation()
                }
            }
            delay(k.toLong())
            block.cancelAndJoin()
            // parallel returns once its workers and children have exited; a dropped pool or child
            // would still be running
            val left = withTimeoutOrNull(10.seconds) {
                while (liveChildren().isNotEmpty()) delay(20)
            }
            if (left == null) {
                val alive = liveChildren()
                alive.forEach { it.destroyForcibly() }
                alive.map { "pid ${it.pid()} left after a cancel at $k ms" }.shouldBeEmpty()
            }
        }
    }
})
