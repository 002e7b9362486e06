package dev.multiproc.dsl.readme

import dev.multiproc.dsl.parallel
import dev.multiproc.dsl.map
import kotlinx.coroutines.flow.toList

suspend fun main() {
    val squares = parallel(processes = 4) {
        map(1..4) { x -> x * x }.toList()        // Pool(4).map(square, [1, 2, 3, 4])
    }
    println(squares)                             // [1, 4, 9, 16]
}
