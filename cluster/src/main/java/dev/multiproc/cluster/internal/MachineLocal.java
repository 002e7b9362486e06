package dev.multiproc.cluster.internal;

import java.nio.charset.StandardCharsets;

/**
 * Finds handles of one machine's primitives (shared memory and shared values, process locks and
 * the other synchronization primitives, process queues) in an encoded task or argument, so that
 * sending one to the cluster fails at once, in the caller, rather than on a member that has no
 * such segment or socket: their serialized forms name these classes.
 */
public final class MachineLocal {
    private static final String[][] FORMS = {
            {"dev.multiproc.shared.SerialForm", "SharedMemory or a shared value (SharedInt, SharedLongArray, ...)"},
            {"dev.multiproc.sync.SerialForm", "a process lock, semaphore, condition, event or barrier"},
            {"dev.multiproc.queue.SerializedQueue", "a ProcessQueue, JoinableQueue or SimpleQueue"},
    };

    private MachineLocal() {
    }

    /** @throws IllegalArgumentException when {@code encoded} holds one of this machine's primitives */
    public static void check(byte[] encoded, String what) {
        for (String[] form : FORMS) {
            if (contains(encoded, form[0].getBytes(StandardCharsets.UTF_8))) {
                throw new IllegalArgumentException(what + " holds " + form[1] + ", which lives in this machine's memory"
                        + " and cannot reach a cluster member: use ClusterPool's counter, lock, event or queue instead");
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
