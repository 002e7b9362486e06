package dev.multiproc.dsl.readme.progress

import dev.multiproc.dsl.map
import dev.multiproc.dsl.parallel
import kotlinx.coroutines.flow.toList

suspend fun main() {
    val squares = parallel(processes = 4) {
        // Python: list(tqdm(pool.imap(slow_square, items), total=len(items)))
        map((1..100).toList(), onProgress = { p -> System.err.print("\r${p.done}/${p.total ?: "?"} items") }) { x ->
            Thread.sleep(10)
            x * x
        }.toList()
    }
    System.err.println()                           // the bar ended on 100/100 items
    println(squares.sum())                         // 338350
}
