/**
 * The Kotlin DSL of multiproc: {@code parallel { map(items) { ... } }} on child JVMs or threads,
 * results as {@code Flow}s, cancellation that stops the work.
 *
 * <p>{@code dev.multiproc.dsl} is the API; {@code dev.multiproc.dsl.spi} is what another backend
 * (a cluster) implements. {@code dev.multiproc.dsl.internal} is the two built-in engines,
 * exported to no one. On the classpath the jar works as before.
 *
 * <pre>{@code
 * module my.app {
 *     requires multiproc.dsl;
 * }
 * }</pre>
 */
module multiproc.dsl {
    // the API's signatures use the core's types (ProcessQueue, RemoteException, pool options, ...)
    requires transitive multiproc.core;
    // ... and Flow, CoroutineScope and kotlin.* types
    requires transitive kotlinx.coroutines.core;
    requires transitive kotlin.stdlib;
    // task and result encoding of the processes backend
    requires kotlinx.serialization.json;

    exports dev.multiproc.dsl;
    exports dev.multiproc.dsl.spi;
}
