package dev.multiproc.internal.queue;

import dev.multiproc.queue.ProcessQueue;

/**
 * How internal code makes a user's {@link ProcessQueue} over an engine of its choosing, without a
 * public constructor that users would see: {@code ProcessQueue} installs the implementation when
 * its class initialises (the JDK's "shared secrets" pattern, as {@code ChildBridge}). The one
 * caller today is the optional transport training, which drives the public handle so that its
 * methods are compiled with the engine inlined.
 *
 * <pre>{@code
 * ProcessQueue<Object> consumer = QueueHandles.of(new RemoteQueue(address));
 * }</pre>
 */
public interface QueueHandles {

    /** A handle over {@code engine}, which it then owns (closing the handle closes the engine). */
    <E> ProcessQueue<E> handle(QueueEngine engine);

    /** Called once, by {@code ProcessQueue}'s static initialiser. */
    static void install(QueueHandles handles) {
        Holder.handles = handles;
    }

    /** A user's handle over {@code engine}. */
    static <E> ProcessQueue<E> of(QueueEngine engine) {
        if (Holder.handles == null) {
            try {
                Class.forName(ProcessQueue.class.getName(), true, QueueHandles.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("multiproc's queue classes are missing", e);
            }
        }
        return Holder.handles.handle(engine);
    }

    /** Static state of an interface lives in a nested class. */
    final class Holder {
        static volatile QueueHandles handles;

        private Holder() {
        }
    }
}
