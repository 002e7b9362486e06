package dev.multiproc.manager;

import dev.multiproc.ChildProcess;
import dev.multiproc.connection.AuthenticationException;
import dev.multiproc.sync.Processes;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CPython's {@code _TestRemoteManager} and {@code _TestManagerRestart}: managers on TCP with an authkey. */
class RemoteManagerTest {
    private static final byte[] KEY = "a key only these tests know".getBytes(StandardCharsets.UTF_8);

    /** The one queue a remote manager hands out: Python's {@code register('get_queue', callable=lambda: queue)}. */
    static final class TheQueue {
        static final BlockingQueue<Object> QUEUE = new LinkedBlockingQueue<>();

        private TheQueue() {
        }
    }

    private static InetSocketAddress anyLoopbackPort() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private static Manager startQueueManager(InetSocketAddress address) {
        return Manager.builder().address(address).authkey(KEY).register("get_queue", () -> TheQueue.QUEUE).start();
    }

    /**
     * In a child: connect by address and key alone, put one item, disconnect. Every call site
     * passes a List: javac's lambda deserialization tells two references to one method apart by
     * the method alone, not by the type each site instantiated.
     */
    static void putRemotely(InetSocketAddress address, Object item) {
        try (Manager remote = Manager.connect(address, KEY)) {
            @SuppressWarnings("unchecked")
            BlockingQueue<Object> queue = remote.create("get_queue", BlockingQueue.class);
            queue.add(item);
        }
    }

    @Test
    void aChildReachesTheManagerByAddressAndKey() throws Exception {
        try (Manager manager = startQueueManager(anyLoopbackPort())) {
            InetSocketAddress address = (InetSocketAddress) manager.address();
            assertTrue(address.getPort() > 0);
            ChildProcess child = new ChildProcess(RemoteManagerTest::putRemotely, address, List.of("hello world", 42, 3.5));
            child.start();
            Processes.join(child);
            @SuppressWarnings("unchecked")
            BlockingQueue<Object> queue = manager.create("get_queue", BlockingQueue.class);
            assertEquals(List.of("hello world", 42, 3.5), queue.poll(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void anotherKeyIsRefusedBeforeAnythingIsDecoded() {
        try (Manager manager = startQueueManager(anyLoopbackPort())) {
            byte[] wrong = "another key".getBytes(StandardCharsets.UTF_8);
            assertThrows(AuthenticationException.class, () -> Manager.connect(manager.address(), wrong));
            try (Manager right = Manager.connect(manager.address(), KEY)) {
                assertEquals(0, right.dict().size()); // the server still serves
            }
        }
    }

    @Test
    void aRemoteProxyCarriesItsKeyToAChild() {
        try (Manager manager = startQueueManager(anyLoopbackPort());
             Manager connected = Manager.connect(manager.address(), KEY)) {
            ManagedDict<String, Long> d = connected.dict();
            ChildProcess child = new ChildProcess(() -> d.put("child", ProcessHandle.current().pid()));
            child.start();
            long pid = child.pid();
            Processes.join(child);
            assertEquals(pid, d.get("child"));
        }
    }

    @Test
    void aManagerRestartsOnTheSameAddress() throws Exception {
        InetSocketAddress address;
        try (Manager first = startQueueManager(anyLoopbackPort())) {
            address = (InetSocketAddress) first.address();
            ChildProcess child = new ChildProcess(RemoteManagerTest::putRemotely, address, List.of("before"));
            child.start();
            Processes.join(child);
        }
        try (Manager second = startQueueManager(address)) {
            assertEquals(address, second.address());
            ChildProcess child = new ChildProcess(RemoteManagerTest::putRemotely, address, List.of("after"));
            child.start();
            Processes.join(child);
            @SuppressWarnings("unchecked")
            BlockingQueue<Object> queue = second.create("get_queue", BlockingQueue.class);
            assertEquals(List.of("after"), queue.poll(60, TimeUnit.SECONDS)); // a new process: a new queue
        }
    }

    @Test
    void aStandaloneManagerServesUntilAClientShutsItDown() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder command = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ManagerMain.class.getName(), "127.0.0.1:0", "Counter=" + RegisteredTypesTest.AtomicCounter.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        command.environment().put(ManagerMain.AUTHKEY_VARIABLE, HexFormat.of().formatHex(KEY));
        Process server = command.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("listening on tcp:127.0.0.1:"), line);
            InetSocketAddress address = ManagerMain.address(line.substring("listening on tcp:".length()));
            try (Manager remote = Manager.connect(address, KEY)) {
                RegisteredTypesTest.Counter counter = remote.create("Counter", RegisteredTypesTest.Counter.class);
                assertEquals(1, counter.increment());
                ManagedList<String> list = remote.list(List.of("x"));
                assertEquals(List.of("x"), list.copy());
                remote.shutdown();
                assertThrows(ManagerUnavailableException.class, list::size);
            }
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the standalone manager did not exit");
            assertEquals(0, server.exitValue());
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void theStandaloneManagerWantsItsKeyFromTheEnvironment() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ManagerMain.authkey(java.util.Map.of()));
        assertTrue(e.getMessage().contains(ManagerMain.AUTHKEY_VARIABLE), e.getMessage());
    }
}
