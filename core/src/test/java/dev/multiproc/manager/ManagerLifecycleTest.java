package dev.multiproc.manager;

import dev.multiproc.ProcessStartException;
import dev.multiproc.pool.Pool;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting, closing and losing a manager: CPython's manager shutdown behaviour, and what Python lacks. */
class ManagerLifecycleTest {
    private static final Duration FAST = Duration.ofSeconds(10);

    @Test
    void closeStopsTheProcessAndIsIdempotent() throws Exception {
        Manager manager = Manager.builder().name("closing").start();
        ManagedDict<String, Integer> d = manager.dict();
        d.put("a", 1);
        ProcessHandle server = ProcessHandle.of(manager.pid()).orElseThrow();
        Path socket = ((UnixDomainSocketAddress) manager.address()).getPath();
        assertTrue(Files.exists(socket));
        manager.close();
        manager.close();
        assertFalse(server.isAlive());
        assertFalse(Files.exists(socket), socket + " left behind");
        ManagerUnavailableException e = assertThrows(ManagerUnavailableException.class, () -> d.get("a"));
        assertTrue(e.getMessage().contains("'closing' (pid " + server.pid() + ")"), e.getMessage());
        assertThrows(IllegalStateException.class, manager::dict);
        assertTrue(manager.toString().endsWith(", closed]"), manager.toString());
    }

    @Test
    void aKilledManagerFailsEveryCallAtOnceEvenOneWaitingOnTheServer() throws Exception {
        try (Manager manager = Manager.builder().name("doomed").start()) {
            ManagedDict<String, Integer> d = manager.dict();
            ManagedBarrier barrier = manager.barrier(2);
            CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    barrier.await();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            while (barrier.getNumberWaiting() == 0) {
                assertFalse(blocked.isDone(), () -> "the waiting call ended early: " + blocked.join());
            }
            long pid = manager.pid();
            ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
            server.destroyForcibly();
            server.onExit().get(30, TimeUnit.SECONDS);

            Throwable fromAwait = blocked.get(30, TimeUnit.SECONDS);
            assertInstanceOf(ManagerUnavailableException.class, fromAwait);
            assertTrue(fromAwait.getMessage().contains("'doomed' (pid " + pid + ")"), fromAwait.getMessage());
            assertTimeoutPreemptively(FAST, () -> {
                ManagerUnavailableException e = assertThrows(ManagerUnavailableException.class, () -> d.put("a", 1));
                assertTrue(e.manager().contains("'doomed'"), e.manager());
                assertThrows(ManagerUnavailableException.class, () -> d.get("a"));
            });
        }
    }

    @Test
    void aProxyInAPoolTaskReachesTheSameServer() {
        try (Manager manager = Manager.start(); Pool pool = new Pool(2)) {
            ManagedDict<Integer, Integer> d = manager.dict();
            List<Integer> items = IntStream.range(0, 200).boxed().collect(Collectors.toList());
            pool.map(i -> d.merge(i % 10, 1, Integer::sum), items, 5);
            for (int key = 0; key < 10; key++) {
                assertEquals(20, d.get(key));
            }
        }
    }

    @Test
    void anAddressInUseFailsTheStartWithTheReason() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
            ProcessStartException e = assertThrows(ProcessStartException.class,
                    () -> Manager.builder().address(address).start());
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void anUnknownTypeIsRefusedByName() {
        try (Manager manager = Manager.start()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> manager.create("Counter", ManagedEvent.class));
            assertTrue(e.getMessage().contains("no type 'Counter'"), e.getMessage());
        }
    }

    @Test
    void nothingListeningIsUnavailable() {
        InetSocketAddress nowhere;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), probe.getLocalPort());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        ManagerUnavailableException e = assertThrows(ManagerUnavailableException.class,
                () -> Manager.connect(nowhere, new byte[]{1, 2, 3}));
        assertTrue(e.getMessage().contains(nowhere.getPort() + ""), e.getMessage());
    }

}
