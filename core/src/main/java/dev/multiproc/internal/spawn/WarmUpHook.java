package dev.multiproc.internal.spawn;

/**
 * The one call from a child's start path into the optional warm-up layer
 * ({@code dev.multiproc.internal.warmup}): a standby child whose parent asked for training
 * ({@code MultiprocessingContext.Builder.trainStandby}) trains its transport here before it
 * reports ready. No other child calls it.
 *
 * <p>By name rather than by a direct call: the layer trains queues and connections, which are
 * built on this package, so a direct call would close a cycle between the packages; and the layer
 * stays removable. A missing or failing layer leaves the child untrained, never broken.
 *
 * <pre>{@code
 * if (bootstrap.train()) {
 *     WarmUpHook.trainBeforeReady();
 * }
 * }</pre>
 */
final class WarmUpHook {
    static final String TRAINING = "dev.multiproc.internal.warmup.TransportTraining";

    private WarmUpHook() {
    }

    static void trainBeforeReady() {
        try {
            Class.forName(TRAINING, true, WarmUpHook.class.getClassLoader()).getMethod("run").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException untrained) {
            // training is an optimisation: the child reports ready untrained
        }
    }
}
