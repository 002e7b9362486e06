package dev.multiproc.sync;

import dev.multiproc.internal.shm.LockWord;
import dev.multiproc.internal.shm.ProcessToken;
import dev.multiproc.internal.shm.RecoveryFlag;
import dev.multiproc.internal.shm.Segment;

import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * A lock word in shared memory and what this process keeps about it: the part {@link ProcessLock}
 * and {@link ReentrantProcessLock} share (the reentrant one adds a per-process gate in front).
 */
final class LockSlot {
    final Segment segment;
    final int region;
    /** True when the word has a segment of its own, rather than living inside another primitive. */
    final boolean standalone;
    private final ByteBuffer buffer;
    private final RecoveryFlag recovery;

    LockSlot(Segment segment, int region, boolean standalone) {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.region = region;
        this.standalone = standalone;
        this.recovery = segment.local("recovery@" + region, RecoveryFlag::new);
    }

    /** Takes the word if it is free right now. */
    boolean tryTake() {
        if (LockWord.tryAcquire(buffer, region)) {
            recovery.acquired(false);
            return true;
        }
        return false;
    }

    /**
     * Takes the word if it is free right now or held by a process that died: {@code tryLock()}, which
     * never waits and so never reaches the waiters' liveness checks. Records a recovery.
     */
    boolean tryTakeOrRecover(String lockName) {
        int result = LockWord.tryAcquireOrRecover(buffer, region, lockName);
        if (result == LockWord.TIMED_OUT) {
            return false;
        }
        recovery.acquired(result == LockWord.RECOVERED);
        return true;
    }

    /**
     * Takes the word, waiting until {@code deadline}; false when it passed first. Records whether
     * the word was taken over from a process that died holding it.
     */
    boolean take(long deadline, boolean interruptible, String lockName) throws InterruptedException {
        if (tryTake()) {
            return true;
        }
        int result = LockWord.acquire(buffer, region, deadline, interruptible, lockName);
        if (result == LockWord.TIMED_OUT) {
            return false;
        }
        recovery.acquired(result == LockWord.RECOVERED);
        return true;
    }

    /** Frees the word; false when it was not taken. */
    boolean release() {
        return LockWord.release(buffer, region);
    }

    boolean isLocked() {
        return LockWord.owner(buffer, region) != ProcessToken.NONE;
    }

    boolean isTakenByCurrentThread() {
        return LockWord.isHeldByCurrentThread(buffer, region);
    }

    OptionalLong ownerPid() {
        long owner = LockWord.owner(buffer, region);
        return owner == ProcessToken.NONE ? OptionalLong.empty() : OptionalLong.of(ProcessToken.pid(owner));
    }

    boolean ownerDied() {
        return recovery.isSetForCurrentThread();
    }

    /** Removes the segment's file when the lock has its own segment and this process created it. */
    void close() {
        if (standalone && segment.isCreator()) {
            segment.unlink();
        }
    }

    /** {@code Kind[segment]} or {@code Kind[segment@region]}. */
    String describe(String kind, int defaultRegion) {
        return kind + "[" + segment.name() + (region == defaultRegion ? "" : "@" + region) + "]";
    }
}
