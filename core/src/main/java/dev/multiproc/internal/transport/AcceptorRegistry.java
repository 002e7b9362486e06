package dev.multiproc.internal.transport;

import dev.multiproc.internal.runtime.JvmProcess;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The acceptors still open in this JVM, closed at exit. Why: a thread parked in a selector is in
 * native code, and HotSpot delays a JVM's exit by up to 300 ms for such threads; and a pipe end
 * that was still waiting for its peer must leave its tombstone so the peer reads end-of-file.
 */
final class AcceptorRegistry {
    private static final Set<Acceptor> OPEN = Collections.newSetFromMap(new IdentityHashMap<>());
    private static boolean hooked;

    private AcceptorRegistry() {
    }

    static void add(Acceptor acceptor) {
        synchronized (OPEN) {
            OPEN.add(acceptor);
            if (!hooked) {
                hooked = true;
                JvmProcess.current().atExit(AcceptorRegistry::closeAll);
            }
        }
    }

    static void remove(Acceptor acceptor) {
        synchronized (OPEN) {
            OPEN.remove(acceptor);
        }
    }

    private static void closeAll() {
        List<Acceptor> open;
        synchronized (OPEN) {
            open = new ArrayList<>(OPEN);
        }
        open.forEach(Acceptor::closeAtExit);
    }
}
