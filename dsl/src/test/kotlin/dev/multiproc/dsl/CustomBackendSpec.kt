package dev.multiproc.dsl

import dev.multiproc.dsl.acceptance.LocalTarget
import dev.multiproc.dsl.acceptance.acceptance
import dev.multiproc.dsl.acceptance.backPressure
import dev.multiproc.dsl.acceptance.progressAcceptance
import dev.multiproc.dsl.internal.ThreadRunner
import dev.multiproc.dsl.spi.Engine
import io.kotest.core.spec.style.FunSpec

/**
 * A backend of another module plugs in through [Backend.Custom] and the [Engine] contract alone:
 * here an engine of threads reached only through that door passes the same acceptance suite.
 */
class CustomBackendSpec : FunSpec({
    include(acceptance(LocalTarget(ThreadsThroughTheEngineInterface)))
    include(backPressure(LocalTarget(ThreadsThroughTheEngineInterface)))
    include(progressAcceptance(LocalTarget(ThreadsThroughTheEngineInterface)))
})

/** A custom backend whose engine happens to run on threads. */
object ThreadsThroughTheEngineInterface : Backend.Custom() {
    override suspend fun start(spec: PoolSpec): Engine = ThreadRunner(spec)
}
