package io.kotest.provided

import dev.multiproc.dsl.ChildLeakCheck
import io.kotest.core.config.AbstractProjectConfig
import io.kotest.core.extensions.Extension
import kotlin.time.Duration.Companion.seconds

/** Suite-wide settings: every spec is checked for child processes left behind. */
class ProjectConfig : AbstractProjectConfig() {
    override val extensions: List<Extension> = listOf(ChildLeakCheck)
    override val timeout = 60.seconds
}
