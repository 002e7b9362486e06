package dev.multiproc.manager;

import java.time.Duration;

/**
 * An event held by a {@link Manager}: Python's {@code manager.Event()}, the counterpart of
 * {@link dev.multiproc.sync.ProcessEvent} for processes that share no memory (on other machines).
 *
 * <pre>{@code
 * ManagedEvent ready = manager.event();
 * new ChildProcess(ManagedEvent::set, ready).start();
 * ready.await(Duration.ofSeconds(10));           // true once the child set it
 * }</pre>
 */
public interface ManagedEvent {
    void set();

    void clear();

    boolean isSet();

    /** Waits until the event is set. */
    void await() throws InterruptedException;

    /** Waits until the event is set or {@code timeout} passes; true when it is set. */
    boolean await(Duration timeout) throws InterruptedException;
}
