package dev.multiproc.dsl

import dev.multiproc.dsl.acceptance.LocalTarget
import dev.multiproc.dsl.acceptance.acceptance
import dev.multiproc.dsl.acceptance.backPressure
import dev.multiproc.dsl.acceptance.progressAcceptance
import io.kotest.core.spec.style.FunSpec

/** The acceptance suite on threads of the test JVM. */
class ThreadsSpec : FunSpec({
    include(acceptance(LocalTarget(Backend.Threads)))
    include(backPressure(LocalTarget(Backend.Threads)))
    include(progressAcceptance(LocalTarget(Backend.Threads)))
    include(localAcceptance(Backend.Threads))
})
