/**
 * Python's {@code multiprocessing} for the JVM: child JVM processes, pipes, queues, locks, shared
 * memory and pools, with no dependency beyond the JDK.
 *
 * <p>The public API is the exported packages; {@code dev.multiproc.spi} is what front ends built
 * on the engine (the Kotlin DSL) need beyond it. {@code dev.multiproc.internal.*} is the engine,
 * exported to no one.
 *
 * <pre>{@code
 * module my.app {
 *     requires multiproc.core;
 * }
 * }</pre>
 */
module multiproc.core {
    // java.util.logging: a child forwards its log records to its parent (ChildLogForwarding)
    requires java.logging;
    // JDK Flight Recorder events of processes, pools and queues (internal.events)
    requires jdk.jfr;
    // sun.misc.Signal, by reflection: an exit by SIGTERM does not wait for non-daemon children
    // (internal.runtime.ExitSignals)
    requires jdk.unsupported;

    exports dev.multiproc;
    exports dev.multiproc.connection;
    exports dev.multiproc.manager;
    exports dev.multiproc.pool;
    exports dev.multiproc.queue;
    exports dev.multiproc.shared;
    exports dev.multiproc.sync;
    exports dev.multiproc.spi;
}
