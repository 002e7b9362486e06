package dev.multiproc.internal.queue;

import java.io.Serializable;

/**
 * How a process reaches a queue it does not own: the owner's pid and socket, and the queue's id
 * there. This is what a queue handle becomes when it is sent to another process.
 */
public record QueueAddress(long ownerPid, String socketPath, long queueId, int maxsize, boolean joinable)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public String describe() {
        return "queue " + queueId + " of process " + ownerPid;
    }
}
