package dev.multiproc.internal.spawn;

import dev.multiproc.ChildProcess;
import dev.multiproc.MultiprocessingContext;
import dev.multiproc.SerializableFunction;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.connection.ConnectionException;
import dev.multiproc.internal.runtime.JvmProcess;
import dev.multiproc.internal.transport.FramedChannel;
import dev.multiproc.internal.transport.Handshake;
import dev.multiproc.pool.Pool;
import org.junit.jupiter.api.Test;

import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child that lacks a class asks its parent for it over its authenticated control connection:
 * application classes left off the child's classpath, classes generated in memory, through a
 * chain of parents; a clear error when nobody has the class; nothing for an unauthenticated peer.
 */
class RemoteClassLoadingTest {
    private static final Duration GENEROUS = Duration.ofSeconds(90);

    /** Children whose classpath has multiproc's classes only, not the tests'. */
    private static MultiprocessingContext withoutTestClasses() {
        try {
            Path core = Path.of(ChildProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return MultiprocessingContext.builder().classpath(core.toString()).build();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void applicationClassIsServedToAChildStartedWithoutIt() {
        try (MultiprocessingContext context = withoutTestClasses();
             Pool pool = Pool.builder().processes(1).context(context).build()) {
            assertEquals("multiproc-remote:49", pool.apply(ShippedTasks.squareWithLoader(), 7));
            assertEquals("multiproc-remote:64", pool.apply(ShippedTasks.squareWithLoader(), 8));
        }
    }

    @Test
    void grandchildIsServedThroughItsParent() {
        try (MultiprocessingContext context = withoutTestClasses();
             Pool pool = Pool.builder().processes(1).context(context).build()) {
            assertEquals("multiproc-remote:36 in a grandchild", pool.apply(ShippedTasks.squareInGrandchild(), 6));
        }
    }

    @Test
    void threadsOfAChildRequestClassesConcurrently() {
        try (MultiprocessingContext context = withoutTestClasses();
             Pool pool = Pool.builder().processes(1).context(context).build()) {
            List<String> loaded = pool.apply(ShippedTasks.loadConcurrently(), 8);
            assertEquals(List.of("Alpha@multiproc-remote", "Beta@multiproc-remote", "Gamma@multiproc-remote",
                    "Delta@multiproc-remote", "Epsilon@multiproc-remote", "Zeta@multiproc-remote",
                    "Eta@multiproc-remote", "Theta@multiproc-remote"), loaded);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void classGeneratedAtRuntimeRunsAsATask() throws Exception {
        // Cube uses Helper, which is never serialized: found through the loader Cube came from.
        Map<String, byte[]> classes = InMemoryCompiler.compile(Map.of(
                "generated.Cube", "package generated;\n"
                        + "public class Cube implements dev.multiproc.SerializableFunction<Integer, String> {\n"
                        + "  public String apply(Integer x) { return Helper.describe(x * x * x); }\n"
                        + "}\n",
                "generated.Helper", "package generated;\n"
                        + "class Helper {\n"
                        + "  static String describe(int v) {\n"
                        + "    return v + \" by \" + Helper.class.getClassLoader().getName();\n"
                        + "  }\n"
                        + "}\n"));
        ClassLoader loader = new InMemoryCompiler.MemoryLoader("generator", classes, true);
        SerializableFunction<Integer, String> cube = (SerializableFunction<Integer, String>)
                loader.loadClass("generated.Cube").getConstructor().newInstance();
        assertEquals("27 by generator", cube.apply(3));
        try (Pool pool = new Pool(1)) {
            assertEquals("27 by multiproc-remote", pool.apply(cube, 3));
            assertEquals("64 by multiproc-remote", pool.apply(cube, 4));
        }
    }

    @Test
    void classThatNobodyCanServeFailsTheChildNamingItAndWhereItWasSought() throws Exception {
        Map<String, byte[]> classes = InMemoryCompiler.compile(Map.of(
                "generated.Hidden", "package generated;\n"
                        + "public class Hidden implements dev.multiproc.SerializableRunnable {\n"
                        + "  public void run() { }\n"
                        + "}\n"));
        ClassLoader secretive = new InMemoryCompiler.MemoryLoader("secretive", classes, false);
        SerializableRunnable hidden = (SerializableRunnable) secretive.loadClass("generated.Hidden")
                .getConstructor().newInstance();
        ChildProcess child = new ChildProcess(hidden);
        child.start();
        assertTrue(child.join(GENEROUS), "the child must fail, not hang");
        assertEquals(1, child.exitCode());
        String message = child.exception().getCause().getMessage();
        long parent = ProcessHandle.current().pid();
        assertTrue(message.startsWith("cannot deserialize: class generated.Hidden is not available in process "
                + child.pid() + ", which looked in its class path (app loader) and asked its parent process "
                + parent + ", which looked in: process " + parent + ": "), message);
        assertTrue(message.contains("loader secretive (" + InMemoryCompiler.MemoryLoader.class.getName() + ")"), message);
        assertTrue(message.contains("loader app (jdk.internal.loader.ClassLoaders$AppClassLoader)"), message);
        child.close();
    }

    @Test
    void parentAnswersWhereItLookedWhenItHasNothing() {
        ClassBytes answer = ClassSource.answer(new ClassRequest(5, "no.such.Thing"));
        assertEquals(5, answer.id());
        assertNull(answer.bytes());
        assertTrue(answer.searched().startsWith("process " + ProcessHandle.current().pid()
                + ": the loader that serialized it (none recorded), "), answer.searched());
    }

    @Test
    void classMessagesSurviveTheirEncoding() {
        ClassRequest request = (ClassRequest) ControlMessage.decode(ControlMessage.encode(new ClassRequest(7, "a.B$c")));
        assertEquals(new ClassRequest(7, "a.B$c"), request);
        ClassBytes found = (ClassBytes) ControlMessage.decode(ControlMessage.encode(
                new ClassBytes(8, "a.B", new byte[] {(byte) 0xca, (byte) 0xfe}, null)));
        assertEquals(8, found.id());
        assertEquals("a.B", found.name());
        assertEquals(List.of((byte) 0xca, (byte) 0xfe), List.of(found.bytes()[0], found.bytes()[1]));
        assertNull(found.searched());
        ClassBytes missing = (ClassBytes) ControlMessage.decode(ControlMessage.encode(
                new ClassBytes(9, "a.C", null, "process 1: loader app")));
        assertNull(missing.bytes());
        assertEquals("process 1: loader app", missing.searched());
    }

    @Test
    void unauthenticatedPeerGetsNoClassBytes() throws Exception {
        Path server = ProcessServer.get().path();
        byte[] request = ControlMessage.encode(new ClassRequest(1, ShippedTasks.class.getName()));

        // A peer without the authkey answers the challenge with a class request.
        List<String> received = exchange(server, channel -> channel.write(request, 0, request.length));
        assertEquals(List.of("#MPCHALLENGE#", "#FAILURE#"), received);

        // A peer with a wrong key fails the challenge, then asks anyway.
        byte[] wrongKey = Handshake.newKey();
        assertFalse(java.util.Arrays.equals(wrongKey, JvmProcess.current().authkey()));
        List<String> afterWrongKey = exchange(server, channel -> {
            assertThrows(RuntimeException.class, () -> Handshake.answerOnly(channel, wrongKey));
            channel.write(request, 0, request.length);
        });
        assertEquals(List.of(), afterWrongKey);
    }

    private interface Peer {
        void act(FramedChannel channel) throws Exception;
    }

    /** Connects, lets {@code peer} act, then reads until the server closes: the frames received, as text prefixes. */
    private static List<String> exchange(Path server, Peer peer) throws Exception {
        List<String> received = new ArrayList<>();
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        socket.connect(UnixDomainSocketAddress.of(server));
        try (FramedChannel channel = FramedChannel.blocking(socket)) {
            boolean answering = false;
            try {
                peer.act(channel);
                while (true) {
                    byte[] frame = channel.read();
                    assertNotNull(frame);
                    if (frame.length > 0 && frame[0] == ControlMessage.CLASS_BYTES) {
                        answering = true;
                    }
                    received.add(text(frame));
                }
            } catch (ConnectionException closed) {
                // the server closed the connection: all it sent is in 'received'
            }
            assertFalse(answering, "the server sent class bytes to an unauthenticated peer: " + received);
        }
        return received;
    }

    private static String text(byte[] frame) {
        String s = new String(frame, StandardCharsets.ISO_8859_1);
        int end = s.indexOf('#', 1);
        return end > 0 ? s.substring(0, end + 1) : s;
    }
}
