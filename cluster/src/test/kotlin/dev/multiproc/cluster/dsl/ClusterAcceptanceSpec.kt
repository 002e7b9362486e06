package dev.multiproc.cluster.dsl

import dev.multiproc.cluster.ChildLeakCheck
import dev.multiproc.dsl.acceptance.acceptance
import dev.multiproc.dsl.acceptance.backPressure
import dev.multiproc.dsl.acceptance.progressAcceptance
import io.kotest.core.spec.style.FunSpec
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/** The acceptance suite that child JVMs and threads pass (dev.multiproc.dsl.acceptance), unchanged, on a cluster. */
class ClusterAcceptanceSpec : FunSpec({
    val target = ClusterTarget()
    afterSpec {
        withContext(Dispatchers.IO) {
            target.close()
            ChildLeakCheck.assertNoneLeft("ClusterAcceptanceSpec")
        }
    }

    include(acceptance(target))
    include(backPressure(target))
    include(progressAcceptance(target))
})
