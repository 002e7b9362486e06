package dev.multiproc.internal.spawn;

import dev.multiproc.internal.codec.StandardCodec;
import dev.multiproc.internal.transport.Handshake;

import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.function.Supplier;

/**
 * Loads and initialises, while a standby child waits for work, what its main thread needs once
 * the run request arrives: the serializable-lambda machinery (a plain process's target), object
 * serialization and the process object's serialization descriptor, the class request and exit
 * messages, and the handshake's digest. The child says hello (and so is ready in the parent's
 * eyes) once this is done, so that {@code start()} pays only for decoding the target and running
 * it.
 *
 * <p>Only standby children run it: the user asked for JVMs kept ready, and this is part of being
 * ready (per standby start+join: 57-65 ms -> 35-44 ms on a loaded VM, 40-47 -> 25-31 ms quiet).
 * A fresh child no longer runs it: in alternating runs it made neither {@code start.cold} nor
 * {@code pool.startup} faster, and it cost every child CPU. It lives here, not in the optional
 * warm-up layer, because it exercises this package's own messages.
 */
final class StandbyWarmup implements Runnable {

    private StandbyWarmup() {
    }

    /** Starts the warm-up on a thread of its own. */
    static Thread start() {
        // a class, not a method reference: see ChildMain on lambdas early in a child
        Thread thread = new Thread(new StandbyWarmup(), "multiproc-warmup");
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
            // encoding a lambda object computes the default serialVersionUID of its Object[] with
            // SHA-1: that loads the JDK's security providers, which a connecting child needs anyway
            Supplier<String> lambda = (Supplier<String> & Serializable) () -> "warm";
            ((Supplier<?>) StandardCodec.INSTANCE.decode(StandardCodec.INSTANCE.encode(lambda))).get();
            // the process object's class descriptor and its generated serialization constructor,
            // built once per JVM: the largest part of decoding the run request when cold
            ObjectStreamClass.lookup(Class.forName("dev.multiproc.ChildProcess"));
            ControlMessage.decode(ControlMessage.encode(new ClassRequest(0, "warm")));
            ControlMessage.decode(ControlMessage.encode(new ClassBytes(0, "warm", new byte[0], "warm")));
            ControlMessage.decode(ControlMessage.encode(new ExitReport(0, null, null, null)));
            ProcessHandle.current().pid();
            Handshake.warmUp();
        } catch (RuntimeException | ClassNotFoundException ignored) {
            // only an optimisation
        }
    }
}
