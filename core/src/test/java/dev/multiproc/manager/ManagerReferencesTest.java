package dev.multiproc.manager;

import dev.multiproc.ChildProcess;
import dev.multiproc.connection.Connection;
import dev.multiproc.connection.Pipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
     * Collects garbage until {@code condition} holds, within {@link #WAIT}. What the tests wait for
     * is the server's count, which changes asynchronously with no signal to this process: a
     * collected proxy's reference is given back by the engine's cleaner thread after a collection
     * (which System.gc() only requests), and a child's references are dropped when the server
     * notices its connection closed. So each round asks the server again, after a collection has
     * really run: a sentinel's weak reference enqueued says so, and no sleep paces the loop.
     */
    private static void collectUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ReferenceQueue<Object> collected = new ReferenceQueue<>();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            assertTrue(left > 0, "timed out waiting until " + what);
            WeakReference<Object> sentinel = new WeakReference<>(new Object(), collected);
            System.gc();
            collected.remove(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            Reference.reachabilityFence(sentinel);
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
