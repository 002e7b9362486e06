package dev.multiproc.internal.shm;

/**
 * The layout of a barrier segment: the lock and condition that guard it, then its state.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 SegmentHeader (kind BARRIER)                  |   0
 *  +---------------------------------------------------------------+
 *  |                 lock region (LockDescriptor)                  |  64
 *  +---------------------------------------------------------------+
 *  |            condition region (ConditionDescriptor)             | 128
 *  +---------------------------------------------------------------+
 *  |  state: 0 filling, 1 draining, -1 resetting, -2 broken        | 192
 *  +---------------------------------------------------------------+
 *  |  count: parties inside wait() (arrived or leaving)            | 196
 *  +---------------------------------------------------------------+
 *  |  parties                                                      | 200
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * State and count change only under the lock, which is what keeps the state machine (that of
 * Python's {@code threading.Barrier}) simple: a round fills, drains (the last arrival flips it), and
 * only when every party has left may the next round fill.
 */
public final class BarrierDescriptor {
    public static final int LOCK_REGION = SegmentHeader.LENGTH;
    public static final int CONDITION_REGION = LOCK_REGION + LockDescriptor.LENGTH;
    public static final int STATE_OFFSET = CONDITION_REGION + ConditionDescriptor.LENGTH;
    public static final int COUNT_OFFSET = STATE_OFFSET + 4;
    public static final int PARTIES_OFFSET = STATE_OFFSET + 8;
    public static final int LENGTH = STATE_OFFSET + 64;

    public static final int FILLING = 0;
    public static final int DRAINING = 1;
    public static final int RESETTING = -1;
    public static final int BROKEN = -2;

    private BarrierDescriptor() {
    }
}
