package dev.multiproc.cluster;

/**
 * What a {@link ClusterPool} does with the chunks a member was running when it left the cluster
 * (killed, crashed, cut off).
 *
 * <pre>{@code
 * ClusterConfig.builder()...onMemberLost(OnMemberLost.FAIL).build();
 * }</pre>
 */
public enum OnMemberLost {
    /**
     * Run them again on the remaining members, at most {@link ClusterConfig.Builder#retries} times
     * each (at-least-once: a task may have run, in part or in full, on the lost member, so tasks
     * should be idempotent); results are still delivered exactly once.
     */
    RETRY,
    /** Fail only those tasks, with a {@link MemberLostException}; the rest of the call goes on. */
    FAIL
}
