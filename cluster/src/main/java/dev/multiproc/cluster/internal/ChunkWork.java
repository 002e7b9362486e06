package dev.multiproc.cluster.internal;

import com.hazelcast.cluster.Member;

/** A chunk on its way: its number in the session, its call, its first task, and where it runs now. */
final class ChunkWork {
    final long id;
    final JobRun job;
    /** The number of the current attempt's envelope: a late answer to an earlier attempt matches none. */
    long sent;
    final long first;
    final byte[][] items;
    int attempts;
    Member member;

    ChunkWork(long id, JobRun job, long first, byte[][] items) {
        this.id = id;
        this.job = job;
        this.first = first;
        this.items = items;
    }
}
