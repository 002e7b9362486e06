package dev.multiproc.cluster;

import dev.multiproc.MultiprocessingException;

/**
 * A task could not be completed because the member running it left the cluster, and it was not
 * (or no longer) run again: {@link OnMemberLost#FAIL}, or its retries were used up, or no member
 * was left.
 *
 * <pre>{@code
 * try {
 *     pool.map(fn, items);
 * } catch (MemberLostException e) {
 *     log.warn("task " + e.task() + " lost with member " + e.member());
 * }
 * }</pre>
 */
public class MemberLostException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;
    /** The member that left, as Hazelcast prints it. */
    private final String member;
    /** The index of the first task of the lost chunk in its call. */
    private final long task;

    /**
     * A task lost with its member.
     *
     * @param message what was lost and why, with the member and the task
     * @param member  the member that left, as Hazelcast names it ({@code Member [host]:port - uuid})
     * @param task    the index of the first task of the lost chunk in its call
     */
    public MemberLostException(String message, String member, long task) {
        super(message);
        this.member = member;
        this.task = task;
    }

    /**
     * The member that left.
     *
     * @return its address and uuid as Hazelcast prints them
     */
    public String member() {
        return member;
    }

    /**
     * The task's index in its call.
     *
     * @return the index of the first task of the lost chunk (0 for {@code apply})
     */
    public long task() {
        return task;
    }
}
