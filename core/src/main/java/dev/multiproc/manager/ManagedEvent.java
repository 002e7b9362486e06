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
    /** Sets the flag: every waiter, in any process, returns. */
    void set();

    /** Clears the flag: later {@code await} calls wait again. */
    void clear();

    /**
     * Tells whether the flag is set: Python's {@code is_set()}.
     *
     * @return true from {@link #set()} until {@link #clear()}
     */
    boolean isSet();

    /**
     * Waits until the event is set.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    void await() throws InterruptedException;

    /**
     * Waits until the event is set or {@code timeout} passes; true when it is set.
     *
     * @param timeout how long to wait at most
     * @return the flag: false only if the timeout passed with the flag clear
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    boolean await(Duration timeout) throws InterruptedException;
}
