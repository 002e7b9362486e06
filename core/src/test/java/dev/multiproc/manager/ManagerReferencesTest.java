package dev.multiproc.manager;

import dev.multiproc.ChildProcess;
import dev.multiproc.connection.Connection;
import dev.multiproc.connection.Pipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Python's proxy reference counting: an object lives while some process holds a proxy of it, and
 * is freed on the server once the last one is collected or its process has exited.
 */
class ManagerReferencesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final ManagerFixture MANAGER = new ManagerFixture();

    /**
     * Collects garbage until {@code condition} holds, within {@link #WAIT}. Why a loop and not a
     * signal: what the tests wait for is the server's count, and nothing tells this process when it
     * changes. A collected proxy's reference is given back by the engine's cleaner thread, after a
     * collection this test cannot force (System.gc() is a request); a reference held by a child
     * that exited is dropped when the server notices the child's connection closed. A
     * ReferenceQueue would say when the proxy was collected, not when the server counted it. So
     * the loop asks the server again, each time after requesting a collection; the pause between
     * asks only spaces the requests (the answer, not the pause, is what is checked).
     */
    private static void collectUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            System.gc();
            Thread.sleep(10);
        }
    }

    /** Makes a dict and lets its only proxy go; returns its id. */
    private static long dictDroppedAtOnce() {
        ManagedDict<String, Integer> d = MANAGER.get().dict();
        d.put("a", 1);
        assertEquals(1, MANAGER.get().references(Manager.idOf(d)));
        return Manager.idOf(d);
    }

    @Test
    void anObjectWhoseLastProxyIsCollectedIsFreed() throws Exception {
        int before = MANAGER.get().objectCount();
        long id = dictDroppedAtOnce();
        collectUntil("the dict is freed", () -> MANAGER.get().references(id) == 0);
        // other tests' proxies may be collected meanwhile: the count can only have gone down
        assertTrue(MANAGER.get().objectCount() <= before, "the server holds no more objects than before the dict");
    }

    /** Makes a dict, sends its proxy to {@code child} and lets this process's proxy go; returns its id. */
    private static long dictSentAway(Connection child) {
        ManagedDict<String, Integer> d = MANAGER.get().dict();
        d.put("parent", 1);
        child.send(d);
        return Manager.idOf(d);
    }

    @SuppressWarnings("unchecked")
    private static void useLater(Connection parent) {
        ManagedDict<String, Integer> d = (ManagedDict<String, Integer>) parent.recv();
        parent.send("received");
        parent.recv(); // the parent's proxy is gone now
        d.put("child", 2);
        parent.send(d.get("parent"));
        parent.recv();
    }

    @Test
    void aProxyPassedToAChildKeepsTheObjectAfterTheParentsProxyIsGone() throws Exception {
        Pipe pipe = Pipe.open();
        try (Connection parent = pipe.left(); Connection childEnd = pipe.right()) {
            ChildProcess child = new ChildProcess(() -> useLater(childEnd));
            child.start();
            try {
                long id = dictSentAway(parent);
                assertEquals("received", parent.recv());
                collectUntil("only the child holds the dict", () -> MANAGER.get().references(id) == 1);

                parent.send("go");
                assertEquals(1, parent.recv(), "the child reads what the parent put");
                parent.send("bye");
                assertTrue(child.join(WAIT), "the child exits");
                assertEquals(0, (int) child.exitCode());
                collectUntil("the dict is freed once the child exited", () -> MANAGER.get().references(id) == 0);
            } finally {
                child.kill();
                child.join(WAIT);
                child.close();
            }
        }
    }

    /** Stores a new dict in {@code list} and lets this process's proxy of it go. */
    private static long storeDroppedDict(ManagedList<ManagedDict<String, Integer>> list) {
        ManagedDict<String, Integer> d = MANAGER.get().dict();
        d.put("inside", 3);
        list.add(d);
        return Manager.idOf(d);
    }

    @Test
    void aProxyStoredInAServedContainerKeepsItsObject() throws Exception {
        ManagedList<ManagedDict<String, Integer>> list = MANAGER.get().list();
        long id = storeDroppedDict(list);
        collectUntil("only the manager's own process holds the dict", () -> MANAGER.get().references(id) == 1);
        assertEquals(3, list.get(0).get("inside"), "the list's proxy keeps the dict");
    }
}
