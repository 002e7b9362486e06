package io.kotest.provided

import io.kotest.core.config.AbstractProjectConfig
import kotlin.time.Duration.Companion.seconds

/**
 * The specs' bound: a test that kills and restarts members takes tens of seconds on a busy
 * machine; none may take longer than this.
 */
class ProjectConfig : AbstractProjectConfig() {
    override val timeout = 180.seconds
}
