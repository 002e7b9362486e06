package dev.multiproc.internal.pool;

import dev.multiproc.MultiprocessingContext;
import dev.multiproc.SerializableRunnable;

import java.time.Duration;

/** A pool's settings, checked by the public builder. */
public record PoolConfig(int processes, SerializableRunnable initializer, int maxTasksPerChild,
                         Duration taskTimeout, MultiprocessingContext context, String kind) {
}
