package io.kotest.provided

import dev.multiproc.dsl.ChildLeakCheck
import dev.multiproc.dsl.HangWatchdog
import io.kotest.core.config.AbstractProjectConfig
import io.kotest.core.extensions.Extension
import kotlin.time.Duration.Companion.seconds

/**
 * Suite-wide settings: every spec is checked for child processes left behind, and a test stuck
 * past every timeout ends the run with thread dumps instead of hanging the build.
 */
class ProjectConfig : AbstractProjectConfig() {
    override val extensions: List<Extension> = listOf(ChildLeakCheck, HangWatchdog)
    override val timeout = 60.seconds
}
