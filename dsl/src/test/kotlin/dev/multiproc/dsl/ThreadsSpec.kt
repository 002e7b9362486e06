package dev.multiproc.dsl

import io.kotest.core.spec.style.FunSpec

/** The acceptance suite on threads of the test JVM. */
class ThreadsSpec : FunSpec({
    include(acceptance(Backend.Threads))
    include(backPressure(Backend.Threads))
    include(progressAcceptance(Backend.Threads))
})
