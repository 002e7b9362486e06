package dev.multiproc.dsl

import io.kotest.core.spec.style.FunSpec

/** The acceptance suite on child JVMs. */
class ProcessesSpec : FunSpec({ include(acceptance(Backend.Processes)) })
