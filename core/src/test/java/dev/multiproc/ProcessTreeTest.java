package dev.multiproc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No orphans, and Python's exit rules: children die with a parent killed by SIGKILL, daemon
 * children are terminated when their parent exits, non-daemon children are waited for.
 *
 * <p>Grandchildren report their pid to the test over a plain Unix-domain socket, so the test knows
 * exactly which process to watch without polling the process table.
 */
class ProcessTreeTest {
    @TempDir
    Path dir;
    private ServerSocketChannel server;
    private String address;

    @BeforeEach
    void listen() throws IOException {
        Path socket = dir.resolve("pids");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        address = socket.toString();
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /** In a grandchild: connect to the test, send our pid, wait for one byte, return. */
    static void reportPidAndWait(String address) {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(address))) {
            channel.write(ByteBuffer.allocate(8).putLong(0, ProcessHandle.current().pid()));
            channel.read(ByteBuffer.allocate(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** In a child: start a grandchild that reports to the test, then block or return. */
    static void startGrandchild(String address, boolean daemon, boolean blockAfter) {
        ChildProcess grandchild = new ChildProcess(ProcessTreeTest::reportPidAndWait, address);
        grandchild.setDaemon(daemon);
        grandchild.start();
        if (blockAfter) {
            ChildProcessTest.blockForever();
        }
    }

    private SocketChannel acceptGrandchild() throws IOException {
        return server.accept();
    }

    private static long readPid(SocketChannel channel) throws IOException {
        ByteBuffer pid = ByteBuffer.allocate(8);
        while (pid.hasRemaining()) {
            if (channel.read(pid) < 0) {
                throw new IOException("grandchild closed before sending its pid");
            }
        }
        return pid.getLong(0);
    }

    @Test
    void childrenExitWithinTwoSecondsWhenTheirParentIsKilledWithSigkill() throws Exception {
        String addr = address;
        ChildProcess parent = new ChildProcess(() -> startGrandchild(addr, false, true));
        parent.start();
        try (SocketChannel grandchild = acceptGrandchild()) {
            long pid = readPid(grandchild);
            ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
            assertTrue(handle.isAlive());

            long killedAt = System.nanoTime();
            parent.kill();
            parent.join();
            assertEquals(-9, parent.exitCode());
            // The kernel closes a process's sockets the moment it exits (before any reaping), so
            // end-of-stream here is the exact time of the grandchild's death.
            assertEquals(-1, grandchild.read(ByteBuffer.allocate(1)));
            long millis = (System.nanoTime() - killedAt) / 1_000_000;
            assertTrue(millis < 2000, "the orphaned grandchild took " + millis + " ms to exit");
            handle.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void daemonChildrenAreTerminatedWhenTheirParentExits() throws Exception {
        String addr = address;
        ChildProcess parent = new ChildProcess(() -> {
            startGrandchild(addr, true, false);
            reportPidAndWait(addr); // returns once the test has seen the grandchild
        });
        parent.start();
        try (SocketChannel first = acceptGrandchild(); SocketChannel second = acceptGrandchild()) {
            long firstPid = readPid(first);
            long secondPid = readPid(second);
            SocketChannel parentChannel = firstPid == parent.pid() ? first : second;
            ProcessHandle grandchild = ProcessHandle.of(firstPid == parent.pid() ? secondPid : firstPid).orElseThrow();
            assertTrue(grandchild.isAlive());
            parentChannel.write(ByteBuffer.wrap(new byte[] {1}));
            assertTrue(parent.join(Duration.ofSeconds(60)), "the parent does not wait for a daemon child");
            assertEquals(0, parent.exitCode());
            grandchild.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(grandchild.isAlive());
        }
    }

    @Test
    void nonDaemonChildrenAreJoinedBeforeTheirParentExits() throws Exception {
        String addr = address;
        ChildProcess parent = new ChildProcess(() -> startGrandchild(addr, false, false));
        parent.start();
        try (SocketChannel grandchild = acceptGrandchild()) {
            ProcessHandle handle = ProcessHandle.of(readPid(grandchild)).orElseThrow();
            assertFalse(parent.join(Duration.ofMillis(500)), "the parent waits for its non-daemon child");
            assertTrue(handle.isAlive());
            grandchild.write(ByteBuffer.wrap(new byte[] {1}));
            assertTrue(parent.join(Duration.ofSeconds(60)));
            assertEquals(0, parent.exitCode());
            assertFalse(handle.isAlive(), "the child finished before its parent exited");
        }
    }

    @Test
    void activeChildrenListsRunningChildrenOnly() throws Exception {
        ChildProcess a = new ChildProcess(ProcessTreeTest::reportPidAndWait, address);
        a.start();
        try (SocketChannel running = acceptGrandchild()) {
            assertEquals(a.pid(), readPid(running));
            assertTrue(Multiprocessing.activeChildren().contains(a));
            running.write(ByteBuffer.wrap(new byte[] {1}));
            a.join();
            assertFalse(Multiprocessing.activeChildren().contains(a));
        }
    }
}
