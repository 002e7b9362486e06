package dev.multiproc.queue;

import dev.multiproc.internal.queue.QueueAddress;

import java.io.Serializable;

/**
 * What a queue handle becomes on its way to another process: the owner's address and the kind of
 * handle. Deserialized, it turns back into this process's one handle for that queue.
 */
final class SerializedQueue implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int QUEUE = 0;
    static final int JOINABLE = 1;
    static final int SIMPLE = 2;

    private final QueueAddress address;
    private final int kind;

    SerializedQueue(QueueAddress address, int kind) {
        this.address = address;
        this.kind = kind;
    }

    private Object readResolve() {
        return QueueRegistry.resolve(address, kind);
    }
}
