package dev.multiproc.internal.spawn;

import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.internal.transport.Handshake;

import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.function.Supplier;

/**
 * Loads and initialises, on a second core, what the child's main thread is about to need: the HMAC
 * and random providers for the handshake, the serializable-lambda machinery (a plain process's
 * target), object serialization, the process object's serialization descriptor, the class request and exit messages (a
 * task whose classes the parent serves asks for them at once; cold, the first request took
 * milliseconds more). The main thread meanwhile reads its bootstrap and connects; measured, this takes a
 * good part of the class-loading time off the start latency.
 */
final class Warmup implements Runnable {
    private final boolean connecting;

    private Warmup(boolean connecting) {
        this.connecting = connecting;
    }

    /**
     * Starts the warm-up; {@code connecting}: for a child that connects back at once (a standby
     * child), also the handshake's digest and a lambda's round trip, which load the JDK's security
     * providers. A child given its request on stdin may never connect, and decodes its request at
     * once on its main thread.
     */
    static Thread start(boolean connecting) {
        // a class, not a method reference: see ChildMain on lambdas early in a child
        Thread thread = new Thread(new Warmup(connecting), "multiproc-warmup");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        try {
            // a plain process's target: a lambda, decoded by the capturing class's $deserializeLambda$
            String word = "warm";
            Supplier<String> target = (Supplier<String> & Serializable) () -> word;
            ((Supplier<?>) StandardCodec.INSTANCE.decode(StandardCodec.INSTANCE.encodeLambda(target))).get();
            // a standby child's main thread opens its socket meanwhile, which initialises the
            // security providers (the JDK seeds a SecureRandom for Unix-domain sockets); a child
            // given its request on stdin is decoding it on its main thread already
            if (connecting) {
                // encoding it computes the default serialVersionUID of its Object[], with SHA-1:
                // that loads the JDK's security providers, which only a connecting child needs
                Supplier<String> lambda = (Supplier<String> & Serializable) () -> "warm";
                Object copy = StandardCodec.INSTANCE.decode(StandardCodec.INSTANCE.encode(lambda));
                ((Supplier<?>) copy).get();
            }
            // the process object's class descriptor and its generated serialization constructor,
            // built once per JVM: the largest part of decoding the run request when cold
            ObjectStreamClass.lookup(Class.forName("dev.multiproc.ChildProcess"));
            ControlMessage.decode(ControlMessage.encode(new ClassRequest(0, "warm")));
            ControlMessage.decode(ControlMessage.encode(new ClassBytes(0, "warm", new byte[0], "warm")));
            ControlMessage.decode(ControlMessage.encode(new ExitReport(0, null, null, null)));
            ProcessHandle.current().pid();
            if (connecting) {
                Handshake.warmUp();
            }
        } catch (RuntimeException | ClassNotFoundException ignored) {
            // only an optimisation
        }
    }
}
