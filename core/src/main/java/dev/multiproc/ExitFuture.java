package dev.multiproc;

import java.util.concurrent.CompletableFuture;

/**
 * A process's exit as {@link ChildProcess#onExit()} hands it out: one future per process, the
 * same on every call (so {@code Connections.wait} and others can tell processes apart by it), that
 * only the process's own watcher completes. Cancelling or completing it from outside does nothing:
 * kotlinx.coroutines' {@code future.await()}, for one, cancels the future when the awaiting
 * coroutine is cancelled, which made a live child look exited (its {@code terminate()} and
 * {@code kill()} then did nothing). Stages made from it are ordinary futures.
 */
final class ExitFuture extends CompletableFuture<ChildProcess> {

    /** Completes the future: the process has exited. */
    void exited(ChildProcess process) {
        super.complete(process);
    }

    /** Does nothing: a process's exit cannot be cancelled; stop the process with {@code terminate()}. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
    }

    /** Does nothing: only the process's exit completes this future. */
    @Override
    public boolean complete(ChildProcess value) {
        return false;
    }

    /** Does nothing: only the process's exit completes this future. */
    @Override
    public boolean completeExceptionally(Throwable ex) {
        return false;
    }

    /** Refused: only the process's exit completes this future. */
    @Override
    public void obtrudeValue(ChildProcess value) {
        throw new UnsupportedOperationException("only the process's exit completes its onExit() future");
    }

    /** Refused: only the process's exit completes this future. */
    @Override
    public void obtrudeException(Throwable ex) {
        throw new UnsupportedOperationException("only the process's exit completes its onExit() future");
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
