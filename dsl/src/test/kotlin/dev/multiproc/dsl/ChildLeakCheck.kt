package dev.multiproc.dsl

import io.kotest.core.listeners.AfterSpecListener
import io.kotest.core.spec.Spec
import kotlin.streams.toList

/**
 * Fails a spec that leaves a child process of the test JVM alive. The workers that `parallel`
 * blocks keep warm for the next block are released first: they are kept on purpose, and a spec
 * must not inherit another spec's workers. A child then gets 5 s to finish exiting (a worker told
 * to stop is on its way out); whatever is left is killed, so that one leaking spec does not fail
 * the next ones too.
 */
object ChildLeakCheck : AfterSpecListener {
    override suspend fun afterSpec(spec: Spec) {
        IdleWorkers.release()
        val deadline = System.nanoTime() + 5_000_000_000L
        var alive = children()
        while (alive.isNotEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait()
            kotlinx.coroutines.delay(50)
            alive = children()
        }
        if (alive.isNotEmpty()) {
            val described = alive.joinToString { "pid ${it.pid()} ${it.info().commandLine().orElse("?").take(120)}" }
            alive.forEach { it.destroyForcibly() }
            throw AssertionError("${spec::class.simpleName} left ${alive.size} child process(es) alive: $described")
        }
    }

    private fun children(): List<ProcessHandle> = ProcessHandle.current().children().filter { it.isAlive }.toList()
}
