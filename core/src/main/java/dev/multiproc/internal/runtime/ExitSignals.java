package dev.multiproc.internal.runtime;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;

/**
 * Tells whether this JVM is exiting because a signal asked it to (SIGTERM, SIGINT, SIGHUP) rather
 * than because its program ended or called {@code System.exit}.
 *
 * <p>Why it matters: Python's default SIGTERM ends the interpreter without its exit handlers, so a
 * program stopped by a service manager never waits for its children; a JVM runs its shutdown
 * hooks on these signals, and a hook that joins non-daemon children as Python's normal exit does
 * would keep a stopped program alive for as long as its children run. The JVM's own handlers stay
 * in charge: each is wrapped, once, by one that first records the signal and then calls it. Where
 * the JVM has none (it runs with {@code -Xrs}, or the signal is ignored as under {@code nohup}),
 * nothing is installed, and a signal-triggered exit is then not told apart from a normal one.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is reached by reflection: it is the
 * JDK's only way to observe a signal, and naming it in source draws a warning on every build.
 */
public final class ExitSignals {
    private static final String[] NAMES = {"TERM", "INT", "HUP"};
    /** The exit status of a process ended by signal n is 128 + n. */
    private static final int SIGNALLED = 128;
    private static final CompletableFuture<String> RECEIVED = new CompletableFuture<>();
    private static boolean installed;

    private ExitSignals() {
    }

    /** Wraps the JVM's handlers of the exit signals; later calls do nothing. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        SignalApi api;
        try {
            api = new SignalApi();
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            return; // a JDK without sun.misc.Signal: exits by signal are not told apart
        }
        for (String name : NAMES) {
            try {
                Object signal = api.newSignal.newInstance(name);
                Recording recording = new Recording(api);
                Object proxy = Proxy.newProxyInstance(ExitSignals.class.getClassLoader(),
                        new Class<?>[] {api.handlerType}, recording);
                Object previous = api.handle.invoke(null, signal, proxy);
                if (previous == api.defaultHandler || previous == api.ignoringHandler) {
                    api.handle.invoke(null, signal, previous); // the JVM does not handle it: neither do we
                } else {
                    recording.next = previous;
                }
            } catch (ReflectiveOperationException | RuntimeException reserved) {
                // -Xrs (the JVM leaves the signal to the OS), or a platform without it
            }
        }
    }

    /**
     * Completed with the signal's name ("SIGTERM") when an exit signal arrives, before the JVM
     * starts its exit; never completed otherwise.
     *
     * @return a new future on every call, so that no caller can complete it for the others
     */
    public static CompletableFuture<String> received() {
        return RECEIVED.copy();
    }

    /** The reflective handles on {@code sun.misc.Signal} and {@code sun.misc.SignalHandler}. */
    private static final class SignalApi {
        final Class<?> handlerType;
        final java.lang.reflect.Constructor<?> newSignal;
        final Method handle;
        final Method handlerHandle;
        final Method getName;
        final Method getNumber;
        final Object defaultHandler;
        final Object ignoringHandler;

        SignalApi() throws ReflectiveOperationException {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            handlerType = Class.forName("sun.misc.SignalHandler");
            newSignal = signalType.getConstructor(String.class);
            handle = signalType.getMethod("handle", signalType, handlerType);
            handlerHandle = handlerType.getMethod("handle", signalType);
            getName = signalType.getMethod("getName");
            getNumber = signalType.getMethod("getNumber");
            defaultHandler = handlerType.getField("SIG_DFL").get(null);
            ignoringHandler = handlerType.getField("SIG_IGN").get(null);
        }
    }

    /** Records the signal, then lets the handler that was there before (the JVM's exit) run. */
    private static final class Recording implements InvocationHandler {
        private final SignalApi api;
        /** The handler this one wraps; null only for the instant between installing and linking. */
        volatile Object next;

        Recording(SignalApi api) {
            this.api = api;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "handle":
                    handle(args[0]);
                    return null;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "multiproc exit-signal recorder";
            }
        }

        private void handle(Object signal) throws Throwable {
            RECEIVED.complete("SIG" + api.getName.invoke(signal));
            Object wrapped = next;
            try {
                if (wrapped != null) {
                    api.handlerHandle.invoke(wrapped, signal);
                } else {
                    // what the JVM's handler does
                    Runtime.getRuntime().exit(SIGNALLED + (Integer) api.getNumber.invoke(signal));
                }
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
